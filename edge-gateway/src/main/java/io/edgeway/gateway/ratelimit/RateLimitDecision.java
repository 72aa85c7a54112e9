package io.edgeway.gateway.ratelimit;

import java.time.Duration;

/** What a {@link ClientRateLimiter} decided about one request. */
public record RateLimitDecision(Outcome outcome, long remaining, Duration retryAfter) {

    /** Whether the request goes on, and why. */
    public enum Outcome {
        /** A token was taken. */
        ALLOWED,
        /** The bucket is empty: refuse with 429. */
        LIMITED,
        /** The shared store could not be asked: the request goes on unlimited. */
        FAILED_OPEN
    }

    static RateLimitDecision allowed(long remaining) {
        return new RateLimitDecision(Outcome.ALLOWED, remaining, Duration.ZERO);
    }

    static RateLimitDecision limited(Duration retryAfter) {
        return new RateLimitDecision(Outcome.LIMITED, 0, retryAfter);
    }

    static RateLimitDecision failedOpen() {
        return new RateLimitDecision(Outcome.FAILED_OPEN, -1, Duration.ZERO);
    }
}
