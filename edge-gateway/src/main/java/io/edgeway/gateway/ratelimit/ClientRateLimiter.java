package io.edgeway.gateway.ratelimit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

/**
 * A token bucket per client (Bucket4j, in this gateway's memory): {@code burst} requests at once, refilled at
 * {@code requests} per {@code period}. Buckets that have filled up again are forgotten, so memory follows the
 * number of recently active clients, not of all clients ever seen.
 */
public final class ClientRateLimiter {

    /** Forgetting full buckets is checked at most this often. */
    private static final long SWEEP_INTERVAL_NANOS = Duration.ofSeconds(10).toNanos();

    private final long requests;

    private final Duration period;

    private final long burst;

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private final AtomicLong nextSweep = new AtomicLong(System.nanoTime() + SWEEP_INTERVAL_NANOS);

    public ClientRateLimiter(long requests, Duration period, long burst) {
        if (requests < 1 || burst < 1 || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("a rate limit needs requests >= 1, burst >= 1 and a positive period");
        }
        this.requests = requests;
        this.period = period;
        this.burst = burst;
    }

    /** Takes one token of this client's bucket. */
    public ConsumptionProbe tryConsume(String client) {
        sweepIfDue();
        return buckets.computeIfAbsent(client, c -> newBucket()).tryConsumeAndReturnRemaining(1);
    }

    public int trackedClients() {
        return buckets.size();
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(requests, period).build())
                .build();
    }

    private void sweepIfDue() {
        long now = System.nanoTime();
        long due = nextSweep.get();
        if (now - due >= 0 && nextSweep.compareAndSet(due, now + SWEEP_INTERVAL_NANOS)) {
            // A full bucket is the same as a new one: dropping it changes nothing for its client.
            buckets.values().removeIf(bucket -> bucket.getAvailableTokens() >= burst);
        }
    }
}
