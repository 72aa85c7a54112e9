package io.edgeway.lbadapter.deploy;

import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;

import io.edgeway.lbadapter.config.LbAdapterProperties;
import io.edgeway.lbadapter.reconcile.LoadBalancerDevice;

import org.springframework.cloud.client.discovery.DiscoveryClient;

/** Builds the deploy steps over the registry, the devices and HTTP, keeping those parts package-private. */
public final class DeployWiring {

    private DeployWiring() {
    }

    public static RollingDeploySteps steps(DiscoveryClient discovery, Map<String, LoadBalancerDevice> devices,
            List<LbAdapterProperties.Mapping> mappings, DeployProperties properties) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(properties.requestTimeout())
                .version(HttpClient.Version.HTTP_1_1).build();
        return new RollingDeploySteps(new RegistryInstances(discovery), new HttpInstanceSwitch(client, properties),
                new FleetTrafficSources(discovery, devices, mappings, client, properties),
                Poller.every(properties.pollInterval()));
    }
}
