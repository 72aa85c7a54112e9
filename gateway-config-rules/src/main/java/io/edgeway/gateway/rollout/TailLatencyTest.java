package io.edgeway.gateway.rollout;

import java.util.Locale;

/**
 * Whether the canary's p99 latency exceeds the stable one's times the plan's ratio, tested on the tail itself. A
 * canary whose p99 is within {@code limit = stable p99 × max-ratio} has at most 1 % of its requests slower than the
 * limit, so the check counts the canary's requests above it and tests "at most 1 %" with a test that may be looked
 * at after every request: the likelihood ratio of those counts against a 1 % share, averaged over shares from 2 % to
 * 50 %. Whenever the canary's true share is at most 1 % that ratio is a supermartingale, so by Ville's inequality it
 * ever reaches {@code 1/α} with a chance of at most {@code α}, however often it is looked at; its p-value is
 * {@code min(1, 1/ratio)}.
 *
 * <p>Stable's p99 comes from its own requests of the same step, taken high: the 95 % upper confidence bound of the
 * quantile (an order statistic), so that a stable sample too small to place its p99 cannot make a healthy canary
 * look slow. The verdict is "not enough data" until stable has enough timed requests for that bound (268) and the
 * canary has {@value #MIN_SAMPLES} (Kayenta's minimum). A rank test of the whole distributions (Kayenta's
 * Mann-Whitney U) came first here and failed healthy canaries whose p99 was fine but whose typical request was a few
 * milliseconds slower: the plan's SLO is about the tail, and so is this test.
 */
public final class TailLatencyTest {

    /** Timed canary requests needed before any verdict. */
    public static final long MIN_SAMPLES = 50;

    /** The check's name in results, the plan's key. */
    public static final String NAME = "p99-latency";

    private static final double QUANTILE = 0.99;

    /** One-sided 95 % normal quantile, for the upper confidence bound of stable's p99. */
    private static final double Z_UPPER = 1.645;

    /** Shares of slow canary requests the test is tuned to find, equally weighted. */
    private static final double[] SLOW_SHARES = { 0.02, 0.03, 0.05, 0.1, 0.2, 0.5 };

    private static final long MIN_STABLE_SAMPLES = minStableSamples();

    private TailLatencyTest() {
    }

    /** The verdict on the counts so far of one step, at the chance {@code alpha} of a wrong fail. */
    public static CheckResult test(VersionCounts stable, VersionCounts canary, double maxRatio, double alpha) {
        long m = canary.timed();
        long n = stable.timed();
        long rank = stableRank(n);
        String counts = String.format(Locale.ROOT, "canary p99 %.1f ms (%d timed), stable p99 %.1f ms (%d timed), "
                + "allowed ratio %.2f", canary.quantileMillis(QUANTILE), m, stable.quantileMillis(QUANTILE), n,
                maxRatio);
        if (m < MIN_SAMPLES || rank > n) {
            return new CheckResult(NAME, Verdict.NOT_ENOUGH_DATA, 1, alpha, counts + "; canary needs " + MIN_SAMPLES
                    + " timed requests, stable " + MIN_STABLE_SAMPLES + " to place its p99");
        }
        int stableBucket = stable.bucketOfRank(rank);
        int limitBucket = Math.min(stableBucket + LatencyBuckets.shiftFor(maxRatio), LatencyBuckets.COUNT - 1);
        long slower = canary.slowerThan(limitBucket);
        double p = pValue(m, slower);
        String detail = counts + String.format(Locale.ROOT, "; canary requests over %.1f ms (stable p99 at most "
                + "%.1f ms, times the ratio): %d of %d (%.2f %%), allowed 1 %%",
                LatencyBuckets.upperBoundMillis(limitBucket), LatencyBuckets.upperBoundMillis(stableBucket), slower, m,
                100.0 * slower / m);
        return new CheckResult(NAME, p <= alpha ? Verdict.FAIL : Verdict.PASS, p, alpha, detail);
    }

    /** The rank (from 1) of the stable request that bounds its p99 from above; past {@code n} when n is too few. */
    static long stableRank(long n) {
        return (long) Math.ceil(QUANTILE * n + Z_UPPER * Math.sqrt(n * QUANTILE * (1 - QUANTILE)));
    }

    /** The fewest timed stable requests whose p99 has an upper bound. */
    private static long minStableSamples() {
        long n = 1;
        while (stableRank(n) > n) {
            n++;
        }
        return n;
    }

    /** The always-valid p-value {@code min(1, 1/Λ)} of {@code slower} of {@code requests} against "at most 1 %". */
    static double pValue(long requests, long slower) {
        double allowed = 1 - QUANTILE;
        double ratio = 0;
        for (double share : SLOW_SHARES) {
            ratio += Math.exp(slower * Math.log(share / allowed)
                    + (requests - slower) * Math.log((1 - share) / (1 - allowed)));
        }
        return Math.min(1, SLOW_SHARES.length / ratio);
    }
}
