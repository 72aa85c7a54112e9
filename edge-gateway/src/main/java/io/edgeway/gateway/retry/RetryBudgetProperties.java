package io.edgeway.gateway.retry;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Retry budget per backend service ({@code edgeway.gateway.retry.budget}): retries may add at most {@code ratio} of
 * the requests (plus a small floor), so that retries cannot multiply the load on a service that is already failing.
 *
 * @param ratio retries allowed per request, on average (0.2: at most one retry for five requests)
 * @param minPerSecond retries always allowed per second, so a quiet service can still retry
 * @param maxBalance retries a calm period can save up for later
 */
public record RetryBudgetProperties(@DefaultValue("0.2") double ratio, @DefaultValue("10") int minPerSecond,
        @DefaultValue("50") int maxBalance) {

    public RetryBudgetProperties {
        if (!(ratio >= 0 && ratio <= 1) || minPerSecond < 0 || maxBalance < 0) {
            throw new IllegalArgumentException(
                    "edgeway.gateway.retry.budget: need 0 <= ratio <= 1, min-per-second >= 0, max-balance >= 0");
        }
    }
}
