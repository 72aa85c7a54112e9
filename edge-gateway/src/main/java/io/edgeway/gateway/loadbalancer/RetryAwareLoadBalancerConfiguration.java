package io.edgeway.gateway.loadbalancer;

import java.time.Duration;

import io.edgeway.gateway.canary.CanaryInstanceFilter;
import io.edgeway.gateway.outlier.OutlierDetector;
import io.edgeway.gateway.outlier.OutlierInstanceFilter;
import io.edgeway.gateway.settings.InstanceNetworksProperties;
import io.edgeway.gateway.support.LiveProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.loadbalancer.core.ReactorLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.cloud.client.ServiceInstance;

/**
 * Per-service load-balancer beans; instantiated in each service's child context, so deliberately not a
 * {@code @Configuration} that component scanning would pick up.
 */
public class RetryAwareLoadBalancerConfiguration {

    /** Counter of registry look-ups that came back empty and were answered with the last instances, per service. */
    public static final String EMPTY_LOOKUPS_COVERED_METRIC = "edgeway.loadbalancer.empty-lookups.covered";

    /** {@code inFlight} comes from the parent context: every service's balancer and the counting filter share it. */
    @Bean
    ReactorLoadBalancer<ServiceInstance> powerOfTwoChoicesLoadBalancer(Environment environment,
            ObjectProvider<ServiceInstanceListSupplier> instances, InFlightRequests inFlight) {
        String serviceId = environment.getProperty(LoadBalancerClientFactory.PROPERTY_NAME);
        return new PowerOfTwoChoicesLoadBalancer(instances, serviceId, inFlight);
    }

    /**
     * The registry's instances inside the allowed networks (first, so that nothing else ever sees another one; the
     * last ones seen, for a moment, when a look-up comes back empty) less the ejected outliers, narrowed to the
     * version a {@code Canary} route chose for the request (in that order, so that a canary whose instances are all
     * ejected falls back to stable).
     */
    @Bean
    ServiceInstanceListSupplier healthyCanaryAwareInstances(ConfigurableApplicationContext context,
            OutlierDetector outliers, LiveProperties<InstanceNetworksProperties> networks, MeterRegistry meters) {
        Counter covered = meters.counter(EMPTY_LOOKUPS_COVERED_METRIC, "service",
                String.valueOf(context.getEnvironment().getProperty(LoadBalancerClientFactory.PROPERTY_NAME)));
        return ServiceInstanceListSupplier.builder().withDiscoveryClient()
                .with((ctx, delegate) -> new AllowedNetworksFilter(delegate, networks::get))
                .with((ctx, delegate) -> new LastKnownInstances(delegate, Duration.ofSeconds(3), System::nanoTime,
                        covered::increment))
                .with((ctx, delegate) -> new OutlierInstanceFilter(delegate, outliers))
                .with((ctx, delegate) -> new CanaryInstanceFilter(delegate)).build(context);
    }
}
