package io.edgeway.config.webhook;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PerSourceRateLimitTest {

    private final AtomicLong now = new AtomicLong();

    private final PerSourceRateLimit limit = new PerSourceRateLimit(3, 2, now::get);

    @Test
    void allowsABurstOfTheRateThenRefuses() {
        assertThat(limit.tryAcquire("a")).isTrue();
        assertThat(limit.tryAcquire("a")).isTrue();
        assertThat(limit.tryAcquire("a")).isTrue();
        assertThat(limit.tryAcquire("a")).isFalse();
    }

    @Test
    void eachSourceHasItsOwnBucket() {
        for (int i = 0; i < 3; i++) {
            limit.tryAcquire("a");
        }
        assertThat(limit.tryAcquire("a")).isFalse();
        assertThat(limit.tryAcquire("b")).isTrue();
    }

    @Test
    void refillsAtTheRate() {
        for (int i = 0; i < 3; i++) {
            limit.tryAcquire("a");
        }
        now.addAndGet(TimeUnit.SECONDS.toNanos(19));
        assertThat(limit.tryAcquire("a")).isFalse();
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(limit.tryAcquire("a")).isTrue();
        assertThat(limit.secondsPerCall()).isEqualTo(20);
    }

    @Test
    void forgetsTheLeastRecentlySeenSourceBeyondItsCapacity() {
        for (int i = 0; i < 3; i++) {
            limit.tryAcquire("a");
        }
        limit.tryAcquire("b");
        limit.tryAcquire("c");
        assertThat(limit.tryAcquire("a")).as("a was forgotten: a full bucket again").isTrue();
    }
}
