package io.edgeway.config.webhook;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A token bucket per source (a remote address): {@code perMinute} calls a minute, in bursts of up to as many. The
 * sources least recently seen are forgotten beyond {@code maxSources}, so many addresses cannot grow it without bound.
 */
final class PerSourceRateLimit {

    private static final long MINUTE_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final int perMinute;

    private final int maxSources;

    private final LongSupplier nanoTime;

    private final Map<String, Bucket> buckets = new LinkedHashMap<>(16, 0.75f, true);

    PerSourceRateLimit(int perMinute, int maxSources, LongSupplier nanoTime) {
        this.perMinute = perMinute;
        this.maxSources = maxSources;
        this.nanoTime = nanoTime;
    }

    /** Takes one call from the source's bucket; false when it is empty. */
    synchronized boolean tryAcquire(String source) {
        long now = nanoTime.getAsLong();
        Bucket bucket = buckets.computeIfAbsent(source, s -> new Bucket(perMinute, now));
        if (buckets.size() > maxSources) {
            buckets.remove(buckets.keySet().iterator().next());
        }
        bucket.tokens = Math.min(perMinute, bucket.tokens + (double) (now - bucket.updated) * perMinute / MINUTE_NANOS);
        bucket.updated = now;
        if (bucket.tokens < 1) {
            return false;
        }
        bucket.tokens -= 1;
        return true;
    }

    /** Seconds until one more call is allowed, rounded up: for {@code Retry-After}. */
    long secondsPerCall() {
        return Math.max(1, (60 + perMinute - 1) / perMinute);
    }

    private static final class Bucket {

        double tokens;

        long updated;

        Bucket(double tokens, long updated) {
            this.tokens = tokens;
            this.updated = updated;
        }
    }
}
