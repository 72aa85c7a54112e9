package io.edgeway.gateway.loadbalancer;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

import static org.assertj.core.api.Assertions.assertThat;

class PowerOfTwoChoicesLoadBalancerTest {

    private final InFlightRequests inFlight = new InFlightRequests();

    private final Random seeded = new Random(42);

    private final PowerOfTwoChoicesLoadBalancer balancer = new PowerOfTwoChoicesLoadBalancer(
            new DefaultListableBeanFactory().getBeanProvider(ServiceInstanceListSupplier.class), "svc", inFlight,
            () -> seeded);

    private final List<ServiceInstance> instances = List.of(instance("a"), instance("b"), instance("c"));

    @Test
    void anInstanceWithManyRequestsInFlightGetsAlmostNoNewOnes() {
        for (int i = 0; i < 50; i++) {
            inFlight.started(instances.get(0));
        }

        Map<String, Long> chosen = chooseFirstAttempts(900);

        assertThat(chosen.getOrDefault("a", 0L)).isLessThanOrEqualTo(9);
        assertThat(chosen.get("b") + chosen.get("c")).isGreaterThanOrEqualTo(891);
    }

    @Test
    void equalLoadSpreadsRequestsRoughlyEvenly() {
        Map<String, Long> chosen = chooseFirstAttempts(3000);

        assertThat(chosen).containsOnlyKeys("a", "b", "c");
        chosen.values().forEach(count -> assertThat(count).isBetween(850L, 1150L));
    }

    @Test
    void ofTheTwoDrawnTheOneWithFewerRequestsInFlightWins() {
        List<ServiceInstance> pair = List.of(instance("a"), instance("b"));
        inFlight.started(pair.get(0));
        inFlight.started(pair.get(0));
        inFlight.started(pair.get(1));

        for (int i = 0; i < 50; i++) {
            assertThat(id(balancer.choose(pair, new HashSet<>()))).isEqualTo("b");
        }
        inFlight.finished(pair.get(0));
        inFlight.finished(pair.get(0));
        assertThat(id(balancer.choose(pair, new HashSet<>()))).isEqualTo("a");
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
    void retryPrefersAnUntriedInstanceEvenIfItIsBusier() {
        inFlight.started(instances.get(2));
        Set<String> tried = new HashSet<>(Set.of("a", "b"));

        assertThat(id(balancer.choose(instances, tried))).isEqualTo("c");
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

    private Map<String, Long> chooseFirstAttempts(int requests) {
        return IntStream.range(0, requests).mapToObj(i -> id(balancer.choose(instances, new HashSet<>())))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static ServiceInstance instance(String id) {
        return new DefaultServiceInstance(id, "svc", "127.0.0." + (id.charAt(0) - 'a' + 1), 8080, false);
    }

    private static String id(Response<ServiceInstance> response) {
        return response.getServer().getInstanceId();
    }
}
