package io.edgeway.lbadapter.config;

import io.edgeway.lbadapter.deploy.DeployWiring;
import io.edgeway.lbadapter.deploy.DeployProperties;
import io.edgeway.lbadapter.deploy.RollingDeploySteps;

import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The rolling-deploy waits over this adapter's registry view, its devices and the gateways the registry lists. */
@Configuration(proxyBeanMethods = false)
class DeployConfig {

    @Bean
    RollingDeploySteps rollingDeploySteps(DiscoveryClient discovery, LoadBalancers loadBalancers,
            LbAdapterProperties properties, DeployProperties deploy) {
        return DeployWiring.steps(discovery, loadBalancers.byName(), properties.mappings(), deploy);
    }
}
