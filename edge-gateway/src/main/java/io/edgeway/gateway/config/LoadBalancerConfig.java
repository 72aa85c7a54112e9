package io.edgeway.gateway.config;

import java.util.Collections;
import java.util.List;

import io.edgeway.gateway.loadbalancer.BalancerEndpoint;
import io.edgeway.gateway.loadbalancer.CachedLoadBalancerClientFactory;
import io.edgeway.gateway.loadbalancer.InFlightRequests;
import io.edgeway.gateway.loadbalancer.InFlightRequestsFilter;
import io.edgeway.gateway.loadbalancer.RetryAwareLoadBalancerConfiguration;
import io.edgeway.gateway.settings.GatewaySettings;
import io.edgeway.gateway.settings.InstanceNetworksProperties;
import io.edgeway.gateway.support.LiveProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import org.springframework.cloud.client.loadbalancer.LoadBalancerClientsProperties;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClientSpecification;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Every {@code lb://} service gets the retry-aware power-of-two-choices balancer over requests in flight, among its
 * instances inside the allowed networks; the gateway finds each service's balancer without a bean look-up per request.
 */
@Configuration(proxyBeanMethods = false)
@LoadBalancerClients(defaultConfiguration = RetryAwareLoadBalancerConfiguration.class)
class LoadBalancerConfig {

    /** Spring Cloud LoadBalancer's factory as its auto-configuration makes it, with the per-request look-ups cached. */
    @Bean
    LoadBalancerClientFactory loadBalancerClientFactory(LoadBalancerClientsProperties properties,
            ObjectProvider<List<LoadBalancerClientSpecification>> configurations) {
        CachedLoadBalancerClientFactory factory = new CachedLoadBalancerClientFactory(properties);
        factory.setConfigurations(configurations.getIfAvailable(Collections::emptyList));
        return factory;
    }

    @Bean
    InFlightRequests inFlightRequests() {
        return new InFlightRequests();
    }

    @Bean
    BalancerEndpoint balancerEndpoint(LoadBalancerClientFactory balancers, ReactiveDiscoveryClient discovery,
            InFlightRequests inFlight) {
        return new BalancerEndpoint(balancers, discovery, inFlight);
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
