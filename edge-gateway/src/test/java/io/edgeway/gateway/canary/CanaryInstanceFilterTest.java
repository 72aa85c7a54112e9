package io.edgeway.gateway.canary;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;

import static org.assertj.core.api.Assertions.assertThat;

class CanaryInstanceFilterTest {

    private final List<ServiceInstance> instances = List.of(instance("a", "v1"), instance("b", "v1"),
            instance("c", "v2"), instance("d", null));

    @Test
    void keepsOnlyTheAssignedVersion() {
        assertThat(ids(CanaryInstanceFilter.select(instances, decision("v2", "v1")))).containsExactly("c");
        assertThat(ids(CanaryInstanceFilter.select(instances, decision("v1", "v2")))).containsExactly("a", "b");
    }

    @Test
    void fallsBackToTheOtherVersionWhenTheAssignedOneHasNoInstance() {
        List<ServiceInstance> onlyStable = instances.subList(0, 2);

        assertThat(ids(CanaryInstanceFilter.select(onlyStable, decision("v2", "v1")))).containsExactly("a", "b");
    }

    @Test
    void keepsEveryInstanceWhenNeitherVersionHasOne() {
        List<ServiceInstance> unversioned = List.of(instance("d", null), instance("e", "v3"));

        assertThat(ids(CanaryInstanceFilter.select(unversioned, decision("v2", "v1")))).containsExactly("d", "e");
    }

    private static CanaryDecision decision(String version, String fallback) {
        return new CanaryDecision("r", version, fallback, "key");
    }

    private static List<String> ids(List<ServiceInstance> instances) {
        return instances.stream().map(ServiceInstance::getInstanceId).toList();
    }

    private static ServiceInstance instance(String id, String version) {
        return new DefaultServiceInstance(id, "svc", "127.0.0.1", 8080, false,
                version == null ? Map.of() : Map.of("version", version));
    }
}
