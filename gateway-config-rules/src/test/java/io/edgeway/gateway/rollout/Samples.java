package io.edgeway.gateway.rollout;

/** Counts made up for the tests: requests with errors, latencies all in one bucket or spread. */
final class Samples {

    private Samples() {
    }

    static VersionCounts requests(long requests, long errors) {
        long[] latency = new long[LatencyBuckets.COUNT];
        latency[LatencyBuckets.of(20_000_000)] = requests;
        return new VersionCounts(requests, errors, latency);
    }

    /** {@code requests} latencies spread evenly from {@code fromMillis} to {@code toMillis}. */
    static VersionCounts latencies(long requests, double fromMillis, double toMillis) {
        long[] latency = new long[LatencyBuckets.COUNT];
        for (long i = 0; i < requests; i++) {
            double millis = fromMillis + (toMillis - fromMillis) * i / Math.max(1, requests - 1);
            latency[LatencyBuckets.of((long) (millis * 1e6))]++;
        }
        return new VersionCounts(requests, 0, latency);
    }
}
