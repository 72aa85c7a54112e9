package io.edgeway.gateway.ratelimit;

import java.time.Duration;

/**
 * The shape of every client's bucket on a route: {@code burst} requests at once, refilled at {@code requests} per
 * {@code period}.
 */
public record TokenBucketLimit(long requests, Duration period, long burst) {

    public TokenBucketLimit {
        if (requests < 1 || burst < 1 || period == null || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("a rate limit needs requests >= 1, burst >= 1 and a positive period");
        }
    }
}
