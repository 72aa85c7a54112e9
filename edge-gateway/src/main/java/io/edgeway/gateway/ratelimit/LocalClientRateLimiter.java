package io.edgeway.gateway.ratelimit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import reactor.core.publisher.Mono;

/**
 * A token bucket per client (Bucket4j, in this gateway's memory): {@code burst} requests at once, refilled at
 * {@code requests} per {@code period}. Buckets that have filled up again are forgotten, so memory follows the
 * number of recently active clients, not of all clients ever seen.
 */
public final class LocalClientRateLimiter implements ClientRateLimiter {

    /** Forgetting full buckets is checked at most this often. */
    private static final long SWEEP_INTERVAL_NANOS = Duration.ofSeconds(10).toNanos();

    private final TokenBucketLimit limit;

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private final AtomicLong nextSweep = new AtomicLong(System.nanoTime() + SWEEP_INTERVAL_NANOS);

    public LocalClientRateLimiter(TokenBucketLimit limit) {
        this.limit = limit;
    }

    @Override
    public Mono<RateLimitDecision> tryAcquire(String client) {
        sweepIfDue();
        ConsumptionProbe probe = buckets.computeIfAbsent(client, c -> newBucket()).tryConsumeAndReturnRemaining(1);
        return Mono.just(probe.isConsumed() ? RateLimitDecision.allowed(probe.getRemainingTokens())
                : RateLimitDecision.limited(Duration.ofNanos(probe.getNanosToWaitForRefill())));
    }

    public int trackedClients() {
        return buckets.size();
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(limit.burst()).refillGreedy(limit.requests(), limit.period())
                        .build())
                .build();
    }

    private void sweepIfDue() {
        long now = System.nanoTime();
        long due = nextSweep.get();
        if (now - due >= 0 && nextSweep.compareAndSet(due, now + SWEEP_INTERVAL_NANOS)) {
            // A full bucket is the same as a new one: dropping it changes nothing for its client.
            buckets.values().removeIf(bucket -> bucket.getAvailableTokens() >= limit.burst());
        }
    }
}
