package io.edgeway.gateway.ratelimit;

import java.time.Duration;

import io.edgeway.gateway.rules.RateLimitArgs;

/**
 * The shape of every client's bucket on a route: {@code burst} requests at once, refilled at {@code requests} per
 * {@code period}.
 */
public record TokenBucketLimit(long requests, Duration period, long burst) {

    /** The bucket that checked arguments describe; a burst of 0 means as many as {@code requests}. */
    public static TokenBucketLimit of(RateLimitArgs args) {
        args.validate();
        return new TokenBucketLimit(args.getRequests(), args.getPeriod(),
                args.getBurst() > 0 ? args.getBurst() : args.getRequests());
    }
}
