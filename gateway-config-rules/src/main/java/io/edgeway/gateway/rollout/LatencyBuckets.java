package io.edgeway.gateway.rollout;

/**
 * The latency histogram layout shared by the gateways (which count) and the rollout controller (which compares):
 * bucket 0 holds everything under 1 ms, then each bucket is 2^(1/8) ≈ 9 % wider than the one before, up to about
 * 65 s in the last. A ratio of latencies is a shift by {@code 8 · log2(ratio)} buckets, which is how the latency check
 * applies {@code p99-latency.max-ratio}.
 */
public final class LatencyBuckets {

    /** Number of buckets. */
    public static final int COUNT = 129;

    /** Buckets per doubling of latency. */
    public static final int PER_DOUBLING = 8;

    private LatencyBuckets() {
    }

    /** The bucket of a latency in nanoseconds. */
    public static int of(long nanos) {
        double millis = nanos / 1e6;
        if (millis < 1) {
            return 0;
        }
        int bucket = 1 + (int) Math.floor(PER_DOUBLING * Math.log(millis) / Math.log(2));
        return Math.min(bucket, COUNT - 1);
    }

    /** The upper bound of a bucket in milliseconds. */
    public static double upperBoundMillis(int bucket) {
        return Math.pow(2, (double) bucket / PER_DOUBLING);
    }

    /** How many buckets a latency ratio moves a latency up, rounded down (never stricter than the ratio asked). */
    public static int shiftFor(double ratio) {
        return (int) Math.floor(PER_DOUBLING * Math.log(ratio) / Math.log(2) + 1e-9);
    }
}
