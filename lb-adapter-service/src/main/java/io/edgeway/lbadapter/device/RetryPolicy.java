package io.edgeway.lbadapter.device;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import io.edgeway.lbadapter.reconcile.DeviceException;

/**
 * Retries a device call on retryable failures (5xx, 503, timeouts, an expired session or token) with exponential
 * back-off and jitter; an expired session is retried at once, since the retry logs in again.
 *
 * @param maxAttempts    attempts in all, the first included
 * @param initialBackoff the wait before the second attempt
 * @param maxBackoff     the longest wait between two attempts
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    public <T> T call(Supplier<T> attempt) {
        Duration backoff = initialBackoff;
        for (int i = 1;; i++) {
            try {
                return attempt.get();
            }
            catch (DeviceException e) {
                if (!e.retryable() || i >= maxAttempts) {
                    throw e;
                }
                if (e.kind() != DeviceException.Kind.SESSION_EXPIRED) {
                    pause(backoff);
                    backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
                }
            }
        }
    }

    public void run(Runnable attempt) {
        call(() -> {
            attempt.run();
            return null;
        });
    }

    private static void pause(Duration backoff) {
        long millis = backoff.toMillis();
        if (millis <= 0) {
            return;
        }
        try {
            // Full jitter between half and all of the back-off, so that parallel pools do not retry in lockstep.
            Thread.sleep(millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1));
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
    }
}
