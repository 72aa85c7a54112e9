package io.edgeway.gateway.config;

import io.edgeway.gateway.canary.CanaryEndpoint;
import io.edgeway.gateway.canary.CanaryGatewayFilterFactory;
import io.edgeway.gateway.canary.CanaryMetrics;
import io.edgeway.gateway.canary.CanaryRoutes;
import io.edgeway.gateway.settings.CanaryProperties;
import io.edgeway.gateway.settings.GatewaySettings;
import io.edgeway.gateway.support.LiveProperties;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The {@code Canary} route filter, its actuator endpoint and its gauges. */
@Configuration(proxyBeanMethods = false)
class CanaryConfig {

    @Bean
    LiveProperties<CanaryProperties> canaryProperties(Environment environment) {
        return new LiveProperties<>(environment, GatewaySettings.CANARY);
    }

    @Bean
    CanaryGatewayFilterFactory canaryGatewayFilterFactory(MeterRegistry meters,
            LiveProperties<CanaryProperties> properties) {
        return new CanaryGatewayFilterFactory(meters, properties::get);
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
