package io.edgeway.gateway.shedding;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.SettableLimit;
import io.edgeway.gateway.settings.Priority;
import io.edgeway.gateway.settings.SheddingProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PriorityLimiterTest {

    private final PriorityLimiter limiter = new PriorityLimiter("svc", SettableLimit.startingAt(10),
            new SheddingProperties.Admit(1.0, 0.85, 0.6), System::nanoTime);

    private final List<Limiter.Listener> held = new ArrayList<>();

    @Test
    void shedsBestEffortFirstThenDefaultAndCriticalLast() {
        assertThat(admitted(Priority.BEST_EFFORT, 20)).isEqualTo(6);
        assertThat(admitted(Priority.DEFAULT, 20)).isEqualTo(3);
        assertThat(admitted(Priority.CRITICAL, 20)).isEqualTo(1);
        assertThat(limiter.inflight()).isEqualTo(10);
    }

    @Test
    void criticalUsesTheWholeLimit() {
        assertThat(admitted(Priority.CRITICAL, 20)).isEqualTo(10);
        assertThat(limiter.tryAcquire(Priority.CRITICAL)).isEmpty();
    }

    @Test
    void aReleasedPermitAdmitsTheNextRequest() {
        admitted(Priority.BEST_EFFORT, 6);
        assertThat(limiter.tryAcquire(Priority.BEST_EFFORT)).isEmpty();

        held.remove(0).onSuccess();

        assertThat(limiter.tryAcquire(Priority.BEST_EFFORT)).isPresent();
    }

    @Test
    void countsEachClassInFlightAndItsCeiling() {
        admitted(Priority.BEST_EFFORT, 4);
        admitted(Priority.CRITICAL, 2);

        assertThat(limiter.inflight(Priority.BEST_EFFORT)).isEqualTo(4);
        assertThat(limiter.inflight(Priority.CRITICAL)).isEqualTo(2);
        assertThat(limiter.inflight(Priority.DEFAULT)).isZero();
        assertThat(limiter.ceiling(Priority.BEST_EFFORT)).isEqualTo(6);
        assertThat(limiter.ceiling(Priority.DEFAULT)).isEqualTo(9);

        held.remove(0).onSuccess();
        held.remove(0).onDropped();
        held.remove(held.size() - 1).onIgnore();

        assertThat(limiter.inflight(Priority.BEST_EFFORT)).isEqualTo(2);
        assertThat(limiter.inflight(Priority.CRITICAL)).isEqualTo(1);
        assertThat(limiter.inflight()).isEqualTo(3);
    }

    @Test
    void gradient2LimitFallsWhenLatencyRises() {
        AtomicLong clock = new AtomicLong();
        PriorityLimiter adaptive = PriorityLimiter.create("svc", new SheddingProperties("gradient2", 40, 4, 100, Duration.ZERO,
                new SheddingProperties.Admit(1.0, 0.85, 0.6), "X-Priority", "priority", Duration.ofSeconds(1)),
                clock::get);

        measure(adaptive, clock, 50, Duration.ofMillis(1));
        int fast = adaptive.limit();
        measure(adaptive, clock, 2, Duration.ofMillis(50));

        assertThat(adaptive.limit()).isLessThan(fast);
    }

    @Test
    void vegasLimitGrowsWhileLatencyStaysLow() {
        AtomicLong clock = new AtomicLong();
        PriorityLimiter adaptive = PriorityLimiter.create("svc", new SheddingProperties("vegas", 10, 4, 100, Duration.ZERO,
                new SheddingProperties.Admit(1.0, 0.85, 0.6), "X-Priority", "priority", Duration.ofSeconds(1)),
                clock::get);

        measure(adaptive, clock, 50, Duration.ofMillis(1));

        assertThat(adaptive.limit()).isGreaterThan(10);
    }

    /** Rounds of as many concurrent requests as the limit admits, each taking {@code rtt} on a fake clock. */
    private static void measure(PriorityLimiter limiter, AtomicLong clock, int rounds, Duration rtt) {
        for (int round = 0; round < rounds; round++) {
            List<Limiter.Listener> permits = new ArrayList<>();
            Optional<Limiter.Listener> permit;
            while ((permit = limiter.tryAcquire(Priority.CRITICAL)).isPresent()) {
                permits.add(permit.get());
            }
            clock.addAndGet(rtt.toNanos());
            permits.forEach(Limiter.Listener::onSuccess);
        }
    }

    private int admitted(Priority priority, int attempts) {
        int admitted = 0;
        for (int i = 0; i < attempts; i++) {
            Optional<Limiter.Listener> permit = limiter.tryAcquire(priority);
            if (permit.isPresent()) {
                held.add(permit.get());
                admitted++;
            }
        }
        return admitted;
    }
}
