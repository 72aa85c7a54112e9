package io.edgeway.gateway.settings;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Retry budget per backend service ({@code edgeway.gateway.retry.budget}): retries may add at most {@code ratio} of
 * the requests (plus a small floor), so that retries cannot storm a service that is already failing.
 *
 * @param ratio retries allowed per request, on average (0.2: at most one retry for five requests)
 * @param minPerSecond retries always allowed per second, so a quiet service can still retry
 * @param maxBalance retries a calm period can save up for later
 */
public record RetryBudgetProperties(@DefaultValue("0.2") double ratio, @DefaultValue("10") int minPerSecond,
        @DefaultValue("50") int maxBalance) {

    public RetryBudgetProperties {
        Problems.under(EdgeGatewayProperties.PREFIX + ".retry.budget")
                .require(ratio >= 0 && ratio <= 1, "ratio", "must be between 0 and 1, not " + ratio)
                .require(minPerSecond >= 0, "min-per-second", "must not be negative, not " + minPerSecond)
                .require(maxBalance >= 0, "max-balance", "must not be negative, not " + maxBalance)
                .throwIfAny();
    }
}
