package io.edgeway.gateway.loadbalancer;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

class RetryAwareRoundRobinLoadBalancerTest {

    @SuppressWarnings("unchecked")
    private final RetryAwareRoundRobinLoadBalancer balancer = new RetryAwareRoundRobinLoadBalancer(
            mock(ObjectProvider.class), "svc");

    private final List<ServiceInstance> instances = List.of(instance("a"), instance("b"), instance("c"));

    @Test
    void spreadsRequestsOverEveryInstance() {
        List<String> chosen = IntStream.range(0, 30).mapToObj(i -> id(balancer.choose(instances, new HashSet<>()))).toList();

        assertThat(chosen).containsOnly("a", "b", "c");
        assertThat(chosen.stream().filter("a"::equals).count()).isEqualTo(10);
    }

    @Test
    void retryGoesToAnInstanceTheRequestHasNotTried() {
        for (int request = 0; request < 50; request++) {
            Set<String> tried = new HashSet<>();
            String first = id(balancer.choose(instances, tried));
            String second = id(balancer.choose(instances, tried));
            String third = id(balancer.choose(instances, tried));

            assertThat(Set.of(first, second, third)).containsExactlyInAnyOrder("a", "b", "c");
        }
    }

    @Test
    void aRetryDoesNotShiftTheRotationOfFirstAttempts() {
        List<String> firstAttempts = IntStream.range(0, 30).mapToObj(i -> {
            Set<String> tried = new HashSet<>();
            String first = id(balancer.choose(instances, tried));
            if (first.equals("a")) {
                balancer.choose(instances, tried); // "a" refused the connection: retried elsewhere
            }
            return first;
        }).toList();

        assertThat(firstAttempts.stream().filter("a"::equals).count()).isEqualTo(10);
    }

    @Test
    void retriesOnAnyInstanceOnceEveryInstanceWasTried() {
        Set<String> tried = new HashSet<>(Set.of("a", "b", "c"));

        assertThat(balancer.choose(instances, tried).hasServer()).isTrue();
    }

    @Test
    void answersEmptyWhenThereIsNoInstance() {
        assertThat(balancer.choose(List.of(), new HashSet<>()).hasServer()).isFalse();
    }

    private static ServiceInstance instance(String id) {
        return new DefaultServiceInstance(id, "svc", "127.0.0." + (id.charAt(0) - 'a' + 1), 8080, false);
    }

    private static String id(Response<ServiceInstance> response) {
        return response.getServer().getInstanceId();
    }
}
