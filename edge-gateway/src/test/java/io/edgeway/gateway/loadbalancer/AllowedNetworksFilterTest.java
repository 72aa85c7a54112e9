package io.edgeway.gateway.loadbalancer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.edgeway.gateway.settings.InstanceNetworksProperties;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

import static org.assertj.core.api.Assertions.assertThat;

class AllowedNetworksFilterTest {

    private final List<ServiceInstance> instances = List.of(instance("private", "10.1.2.3"),
            instance("loopback", "127.0.0.1"), instance("public", "203.0.113.9"),
            instance("metadata", "169.254.169.254"), instance("named", "backend.internal"));

    private final AtomicReference<InstanceNetworksProperties> settings = new AtomicReference<>(
            new InstanceNetworksProperties(List.of("127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12",
                    "192.168.0.0/16", "fc00::/7"), Map.of()));

    private final AllowedNetworksFilter filter = new AllowedNetworksFilter(new ServiceInstanceListSupplier() {
        @Override
        public String getServiceId() {
            return "svc";
        }

        @Override
        public Flux<List<ServiceInstance>> get() {
            return Flux.just(instances);
        }
    }, settings::get);

    @Test
    void keepsOnlyInstancesAtAnAddressInsideTheDefaultNetworks() {
        assertThat(ids(filter.get().blockFirst())).containsExactly("private", "loopback");
    }

    @Test
    void aServiceOfItsOwnUsesOnlyItsOwnNetworksAndChangesApplyAtOnce() {
        settings.set(new InstanceNetworksProperties(List.of("10.0.0.0/8"),
                Map.of("SVC", new InstanceNetworksProperties.Service(List.of("203.0.113.0/24")))));

        assertThat(ids(filter.allowed(instances))).containsExactly("public");
    }

    @Test
    void leavesNothingWhenNoInstanceIsInside() {
        settings.set(new InstanceNetworksProperties(List.of("192.168.0.0/16"), Map.of()));

        assertThat(filter.get().blockFirst()).isEmpty();
    }

    private static List<String> ids(List<ServiceInstance> instances) {
        return instances.stream().map(ServiceInstance::getInstanceId).toList();
    }

    private static ServiceInstance instance(String id, String host) {
        return new DefaultServiceInstance(id, "svc", host, 8080, false);
    }
}
