package io.edgeway.gateway.config;

import io.edgeway.gateway.loadbalancer.RetryAwareLoadBalancerConfiguration;

import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.context.annotation.Configuration;

/** Every {@code lb://} service gets the retry-aware balancer. */
@Configuration(proxyBeanMethods = false)
@LoadBalancerClients(defaultConfiguration = RetryAwareLoadBalancerConfiguration.class)
class LoadBalancerConfig {
}
