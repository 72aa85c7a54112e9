package io.edgeway.gateway.config;

import io.edgeway.gateway.canary.CanaryEndpoint;
import io.edgeway.gateway.canary.CanaryGatewayFilterFactory;
import io.edgeway.gateway.canary.CanaryMetrics;
import io.edgeway.gateway.canary.CanaryRoutes;
import io.edgeway.gateway.canary.RolloutReporter;
import io.edgeway.gateway.canary.RolloutWeights;
import io.edgeway.gateway.canary.RolloutWeightsFile;
import io.edgeway.gateway.canary.StepCounters;
import io.edgeway.gateway.settings.CanaryProperties;
import io.edgeway.gateway.settings.EdgeGatewayProperties;
import io.edgeway.gateway.settings.GatewaySettings;
import io.edgeway.gateway.support.LiveProperties;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The {@code Canary} route filter, its actuator endpoint, its gauges and its link to the rollout controller. */
@Configuration(proxyBeanMethods = false)
class CanaryConfig {

    @Bean
    LiveProperties<CanaryProperties> canaryProperties(Environment environment) {
        return new LiveProperties<>(environment, GatewaySettings.CANARY);
    }

    /** Starts from the weights kept on disk, if any: created before the routes, so before any request. */
    @Bean
    RolloutWeights rolloutWeights(ObjectProvider<RolloutWeightsFile> file) {
        RolloutWeights weights = new RolloutWeights();
        file.ifAvailable(kept -> weights.update(kept.load()));
        return weights;
    }

    /** Only with the rollout controller: without it, weights kept from an earlier run would never be corrected. */
    @Bean
    @ConditionalOnProperty(name = "spring.cloud.config.enabled", matchIfMissing = true)
    RolloutWeightsFile rolloutWeightsFile(LiveProperties<CanaryProperties> properties, MeterRegistry meters) {
        return new RolloutWeightsFile(properties.get().rolloutWeightsFile(),
                task -> Schedulers.boundedElastic().schedule(task), meters);
    }

    @Bean
    StepCounters stepCounters() {
        return new StepCounters();
    }

    @Bean
    CanaryGatewayFilterFactory canaryGatewayFilterFactory(MeterRegistry meters,
            LiveProperties<CanaryProperties> properties, RolloutWeights weights, StepCounters counters) {
        return new CanaryGatewayFilterFactory(meters, properties::get, weights, counters);
    }

    /** Only where the gateway takes its config from a config server, which runs the rollout controller. */
    @Bean
    @ConditionalOnProperty(name = "spring.cloud.config.enabled", matchIfMissing = true)
    RolloutReporter rolloutReporter(StepCounters counters, CanaryRoutes routes, RolloutWeights weights,
            RolloutWeightsFile weightsFile, LiveProperties<CanaryProperties> properties,
            LiveProperties<EdgeGatewayProperties> gateway, Environment environment) {
        return new RolloutReporter(counters, routes, weights, weightsFile, properties, gateway, environment);
    }

    @Bean
    CanaryRoutes canaryRoutes(RouteLocator routeLocator) {
        return new CanaryRoutes(routeLocator);
    }

    @Bean
    CanaryEndpoint canaryEndpoint(CanaryRoutes routes) {
        return new CanaryEndpoint(routes);
    }

    @Bean
    CanaryMetrics canaryMetrics(CanaryRoutes routes, MeterRegistry meters) {
        return new CanaryMetrics(routes, meters);
    }
}
