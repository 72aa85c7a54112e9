package io.edgeway.gateway.loadbalancer;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

import static org.assertj.core.api.Assertions.assertThat;

class LastKnownInstancesTest {

    private final AtomicLong clock = new AtomicLong();

    private final AtomicLong covered = new AtomicLong();

    private final ServiceInstance one = new DefaultServiceInstance("one", "svc", "127.0.0.1", 8081, false);

    private final LastKnownInstances instances = new LastKnownInstances(new ServiceInstanceListSupplier() {
        @Override
        public String getServiceId() {
            return "svc";
        }

        @Override
        public Flux<List<ServiceInstance>> get() {
            return Flux.empty();
        }
    }, Duration.ofSeconds(3), clock::get, covered::incrementAndGet);

    @Test
    void aMomentarilyEmptyLookUpGetsTheLastInstances() {
        assertThat(instances.orLastKnown(List.of(one))).containsExactly(one);
        clock.addAndGet(Duration.ofSeconds(2).toNanos());

        assertThat(instances.orLastKnown(List.of())).containsExactly(one);
        assertThat(covered).as("empty look-ups covered").hasValue(1);
    }

    @Test
    void aServiceThatStaysEmptyIsEmptyAfterTheGracePeriod() {
        instances.orLastKnown(List.of(one));
        clock.addAndGet(Duration.ofSeconds(3).toNanos());

        assertThat(instances.orLastKnown(List.of())).isEmpty();
        assertThat(covered).hasValue(0);
    }

    @Test
    void aServiceNeverSeenIsEmpty() {
        clock.addAndGet(Duration.ofSeconds(10).toNanos());

        assertThat(instances.orLastKnown(List.of())).isEmpty();
    }
}
