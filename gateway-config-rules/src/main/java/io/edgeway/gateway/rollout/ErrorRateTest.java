package io.edgeway.gateway.rollout;

import java.util.Locale;

/**
 * Whether the canary's error rate exceeds the stable one's by more than the plan allows, with a test that stays valid
 * when it is looked at again and again as data arrives: the mixture sequential probability ratio test (mSPRT) of
 * Johari, Koomen, Pekelis and Walsh ("Always valid inference", 2017, 2022), on the normal approximation of the
 * difference of two proportions. Its p-value {@code 1/Λ} may be checked after every request and still fails a canary
 * that is within the allowance at most {@code α} of the time over the whole step.
 *
 * <p>The statistic is {@code θ̂ = p̂_canary − p̂_stable − maxIncrease}; its variance is taken at the boundary of the
 * allowance, with both versions' errors pooled ({@code p_canary = p_stable + maxIncrease}, the rates that best
 * explain both counts under it, as Farrington and Manning do) and half an error added so that zero errors still have
 * a variance. (The variance at the observed rates instead failed 8.5 % of canaries exactly at the allowance when
 * looked at every 10 requests; pooled, none of the same 200 runs.) The mixing distribution is {@code N(0, τ²)} with
 * {@code τ = 4 · max(maxIncrease, 0.5 %)}, the size of increase the test is tuned to find fast. Only an increase fails.
 *
 * <p>The normal approximation is poor on tiny counts, so below {@value #MIN_REQUESTS} requests on either side the
 * verdict is "not enough data", and a failure needs at least {@value #MIN_ERRORS} canary errors.
 */
public final class ErrorRateTest {

    /** Requests each version needs before any verdict. */
    public static final long MIN_REQUESTS = 30;

    /** Canary errors a failure needs, however few requests: one or two stray errors never roll back. */
    public static final long MIN_ERRORS = 3;

    /** The check's name in results. */
    public static final String NAME = "error-rate";

    private ErrorRateTest() {
    }

    /** The verdict on the counts so far of one step, at the chance {@code alpha} of a wrong fail. */
    public static CheckResult test(VersionCounts stable, VersionCounts canary, double maxIncrease, double alpha) {
        String detail = String.format(Locale.ROOT, "canary %d/%d errors (%.3f %%), stable %d/%d (%.3f %%), allowed +%.3f %%",
                canary.errors(), canary.requests(), 100 * canary.errorRate(), stable.errors(), stable.requests(),
                100 * stable.errorRate(), 100 * maxIncrease);
        if (stable.requests() < MIN_REQUESTS || canary.requests() < MIN_REQUESTS) {
            return new CheckResult(NAME, Verdict.NOT_ENOUGH_DATA, 1, alpha,
                    detail + "; each version needs " + MIN_REQUESTS + " requests");
        }
        double p = pValue(stable, canary, maxIncrease);
        boolean fails = p <= alpha && canary.errors() >= MIN_ERRORS;
        return new CheckResult(NAME, fails ? Verdict.FAIL : Verdict.PASS, p, alpha, detail);
    }

    /** The always-valid p-value {@code min(1, 1/Λ)} against "the canary is within the allowance"; 1 when it is. */
    static double pValue(VersionCounts stable, VersionCounts canary, double maxIncrease) {
        double n = stable.requests() + canary.requests();
        double pooled = (stable.errors() + canary.errors() + 0.5) / (n + 1);
        double stableAtBoundary = Math.max(pooled - maxIncrease * canary.requests() / n, 0.5 / (stable.requests() + 1));
        double canaryAtBoundary = Math.min(stableAtBoundary + maxIncrease, 1 - 1e-9);
        double variance = canaryAtBoundary * (1 - canaryAtBoundary) / canary.requests()
                + stableAtBoundary * (1 - stableAtBoundary) / stable.requests();
        double theta = canary.errorRate() - stable.errorRate() - maxIncrease;
        if (theta <= 0) {
            return 1;
        }
        double tau = 4 * Math.max(maxIncrease, 0.005);
        double tau2 = tau * tau;
        double logLambda = 0.5 * Math.log(variance / (variance + tau2))
                + theta * theta * tau2 / (2 * variance * (variance + tau2));
        return Math.min(1, Math.exp(-logLambda));
    }
}
