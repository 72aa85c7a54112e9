package io.edgeway.gateway.config;

import io.edgeway.gateway.loadbalancer.InFlightRequests;
import io.edgeway.gateway.loadbalancer.InFlightRequestsFilter;
import io.edgeway.gateway.loadbalancer.RetryAwareLoadBalancerConfiguration;
import io.edgeway.gateway.settings.GatewaySettings;
import io.edgeway.gateway.settings.InstanceNetworksProperties;
import io.edgeway.gateway.support.LiveProperties;

import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Every {@code lb://} service gets the retry-aware power-of-two-choices balancer over requests in flight, among its
 * instances inside the allowed networks.
 */
@Configuration(proxyBeanMethods = false)
@LoadBalancerClients(defaultConfiguration = RetryAwareLoadBalancerConfiguration.class)
class LoadBalancerConfig {

    @Bean
    InFlightRequests inFlightRequests() {
        return new InFlightRequests();
    }

    @Bean
    InFlightRequestsFilter inFlightRequestsFilter(InFlightRequests inFlight) {
        return new InFlightRequestsFilter(inFlight);
    }

    @Bean
    LiveProperties<InstanceNetworksProperties> instanceNetworks(Environment environment) {
        return new LiveProperties<>(environment, GatewaySettings.INSTANCES);
    }
}
