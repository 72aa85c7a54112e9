package io.edgeway.gateway.rollout;

import java.util.Arrays;

/**
 * What one version of a route served during one rollout step: requests, errors (5xx or no response) and a latency
 * histogram in {@link LatencyBuckets}. Counts of several gateways add up with {@link #plus}.
 *
 * @param requests requests answered
 * @param errors of which failed
 * @param latency requests per latency bucket
 */
public record VersionCounts(long requests, long errors, long[] latency) {

    /** Nothing served. */
    public static final VersionCounts NONE = new VersionCounts(0, 0, new long[LatencyBuckets.COUNT]);

    public VersionCounts {
        if (requests < 0 || errors < 0 || errors > requests) {
            throw new IllegalArgumentException("errors " + errors + " of " + requests + " requests");
        }
        latency = latency == null ? new long[LatencyBuckets.COUNT] : Arrays.copyOf(latency, LatencyBuckets.COUNT);
    }

    /** These counts and {@code other}'s together. */
    public VersionCounts plus(VersionCounts other) {
        long[] sum = latency.clone();
        for (int i = 0; i < sum.length; i++) {
            sum[i] += other.latency[i];
        }
        return new VersionCounts(requests + other.requests, errors + other.errors, sum);
    }

    /** The share of failed requests; 0 with no requests. */
    public double errorRate() {
        return requests == 0 ? 0 : (double) errors / requests;
    }

    /** Requests in the histogram (may be fewer than {@code requests}: failed ones without a latency are left out). */
    public long timed() {
        return Arrays.stream(latency).sum();
    }

    /** The upper bound of the bucket holding the quantile {@code q}, in ms; NaN with no timed request. */
    public double quantileMillis(double q) {
        long total = timed();
        return total == 0 ? Double.NaN : LatencyBuckets.upperBoundMillis(bucketOfRank((long) Math.ceil(q * total)));
    }

    /** The bucket holding the {@code rank}-th fastest timed request (from 1); the last bucket past the slowest. */
    public int bucketOfRank(long rank) {
        long seen = 0;
        for (int i = 0; i < latency.length; i++) {
            seen += latency[i];
            if (seen >= rank && latency[i] > 0) {
                return i;
            }
        }
        return latency.length - 1;
    }

    /** Timed requests slower than every latency of {@code bucket}: those in the buckets above it. */
    public long slowerThan(int bucket) {
        long slower = 0;
        for (int i = bucket + 1; i < latency.length; i++) {
            slower += latency[i];
        }
        return slower;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VersionCounts counts && counts.requests == requests && counts.errors == errors
                && Arrays.equals(counts.latency, latency);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(requests) + Arrays.hashCode(latency);
    }

    @Override
    public String toString() {
        return "VersionCounts[requests=" + requests + ", errors=" + errors + ", p99=" + quantileMillis(0.99) + " ms]";
    }
}
