package io.edgeway.gateway.rollout;

import java.util.Locale;

/**
 * Whether the canary's latencies are larger than the stable ones' scaled by the plan's ratio, with a one-sided
 * Mann-Whitney U test on the two histograms (requests in one bucket are ties: they count half, and the variance has
 * the tie correction), as Kayenta compares canary and baseline. The stable histogram is moved up by
 * {@link LatencyBuckets#shiftFor(double) the ratio}, so the test asks "is the canary slower than stable × max-ratio?".
 *
 * <p>A rank test is not sequential by itself, so the chance of a wrong fail is spent over the looks of a step
 * (Bonferroni): look {@code k} fails only below {@code α · 6 / (π² k²)}, and these add up to {@code α} however many
 * looks a step takes. Below {@value #MIN_SAMPLES} timed requests on either side (Kayenta's minimum) the verdict is
 * "not enough data".
 */
public final class LatencyRankTest {

    /** Timed requests each version needs before any verdict. */
    public static final long MIN_SAMPLES = 50;

    /** The check's name in results. */
    public static final String NAME = "p99-latency";

    private LatencyRankTest() {
    }

    /** The significance level of look {@code k} (from 1) when {@code alpha} is spent over all looks. */
    public static double spent(double alpha, long look) {
        return alpha * 6 / (Math.PI * Math.PI * look * look);
    }

    /** The verdict at look {@code look} (from 1) of a step, at the chance {@code alpha} of a wrong fail over the step. */
    public static CheckResult test(VersionCounts stable, VersionCounts canary, double maxRatio, double alpha,
            long look) {
        long m = canary.timed();
        long n = stable.timed();
        double threshold = spent(alpha, Math.max(1, look));
        String detail = String.format(Locale.ROOT, "canary p99 %.1f ms (%d timed), stable p99 %.1f ms (%d timed), "
                + "allowed ratio %.2f", canary.quantileMillis(0.99), m, stable.quantileMillis(0.99), n, maxRatio);
        if (m < MIN_SAMPLES || n < MIN_SAMPLES) {
            return new CheckResult(NAME, Verdict.NOT_ENOUGH_DATA, 1, threshold,
                    detail + "; each version needs " + MIN_SAMPLES + " timed requests");
        }
        double z = zCanaryLarger(stable.latency(), canary.latency(), LatencyBuckets.shiftFor(maxRatio));
        double p = Normal.upperTail(z);
        return new CheckResult(NAME, p <= threshold ? Verdict.FAIL : Verdict.PASS, p, threshold,
                detail + String.format(Locale.ROOT, ", z %.2f", z));
    }

    /**
     * The Mann-Whitney z statistic (continuity corrected) for "canary ranks above stable moved up {@code shift}
     * buckets": large when the canary is slower.
     */
    static double zCanaryLarger(long[] stable, long[] canary, int shift) {
        int buckets = LatencyBuckets.COUNT + shift;
        long[] s = new long[buckets];
        long[] c = new long[buckets];
        for (int i = 0; i < LatencyBuckets.COUNT; i++) {
            s[i + shift] += stable[i];
            c[i] += canary[i];
        }
        double m = 0;
        double n = 0;
        double u = 0;
        double ties = 0;
        double stableBelow = 0;
        for (int i = 0; i < buckets; i++) {
            u += c[i] * (stableBelow + 0.5 * s[i]);
            stableBelow += s[i];
            m += c[i];
            n += s[i];
            double t = c[i] + s[i];
            ties += t * t * t - t;
        }
        double total = m + n;
        double variance = m * n / 12.0 * ((total + 1) - ties / (total * (total - 1)));
        if (variance <= 0) {
            return 0; // every request in one bucket: nothing tells the versions apart
        }
        double mean = m * n / 2.0;
        double diff = u - mean;
        return (diff - Math.signum(diff) * Math.min(0.5, Math.abs(diff))) / Math.sqrt(variance);
    }
}
