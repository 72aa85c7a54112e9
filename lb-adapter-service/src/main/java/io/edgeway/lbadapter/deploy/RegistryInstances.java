package io.edgeway.lbadapter.deploy;

import java.util.List;
import java.util.Locale;

import com.netflix.appinfo.InstanceInfo;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.netflix.eureka.EurekaServiceInstance;

/** The registry as this adapter's Eureka client last fetched it (every second). */
final class RegistryInstances implements InstanceRegistry {

    private final DiscoveryClient discovery;

    RegistryInstances(DiscoveryClient discovery) {
        this.discovery = discovery;
    }

    @Override
    public List<DeployTarget> upInstances(String application) {
        String name = application.toLowerCase(Locale.ROOT);
        return discovery.getInstances(name).stream().filter(RegistryInstances::up)
                .map(i -> new DeployTarget(name, i.getInstanceId(), i.getHost(), i.getPort())).toList();
    }

    static boolean up(ServiceInstance instance) {
        return !(instance instanceof EurekaServiceInstance eureka)
                || eureka.getInstanceInfo().getStatus() == InstanceInfo.InstanceStatus.UP;
    }
}
