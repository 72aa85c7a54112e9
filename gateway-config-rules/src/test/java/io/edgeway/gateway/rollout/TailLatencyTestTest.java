package io.edgeway.gateway.rollout;

import java.util.Random;

import org.junit.jupiter.api.Test;

import static io.edgeway.gateway.rollout.Samples.latencies;
import static org.assertj.core.api.Assertions.assertThat;

class TailLatencyTestTest {

    private static final double ALPHA = 0.05;

    @Test
    void sameLatenciesPass() {
        CheckResult result = TailLatencyTest.test(latencies(5_000, 10, 50), latencies(500, 10, 50), 1.3, ALPHA);

        assertThat(result.verdict()).isEqualTo(Verdict.PASS);
        assertThat(result.pValue()).isEqualTo(1);
    }

    @Test
    void aCanaryTwiceAsSlowFails() {
        CheckResult result = TailLatencyTest.test(latencies(5_000, 10, 50), latencies(200, 20, 100), 1.3, ALPHA);

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.detail()).contains("allowed ratio 1.30").contains("allowed 1 %");
    }

    @Test
    void fiftyMillisecondsMoreOnEveryCanaryRequestFailsOnItsFirstFiftyRequests() {
        assertThat(TailLatencyTest.test(latencies(5_000, 2, 30), latencies(50, 52, 80), 1.3, ALPHA).verdict())
                .isEqualTo(Verdict.FAIL);
    }

    @Test
    void aCanarySlowerInTheBodyButNotInTheTailPasses() {
        // What the rank test this replaced failed: every canary request 3x slower than stable's typical one, yet its
        // p99 below stable's.
        VersionCounts stable = withTail(latencies(9_800, 2, 3), 200, 20);
        VersionCounts canary = latencies(100, 6, 9);

        assertThat(TailLatencyTest.test(stable, canary, 1.3, ALPHA).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void aFewSlowCanaryRequestsAreNoEvidence() {
        // 2 of 50 over the limit: 4 %, not enough to tell from 1 % on 50 requests.
        VersionCounts canary = withTail(latencies(48, 10, 20), 2, 200);

        assertThat(TailLatencyTest.test(latencies(5_000, 10, 50), canary, 1.3, ALPHA).verdict())
                .isEqualTo(Verdict.PASS);
    }

    @Test
    void tooFewTimedRequestsOnEitherSideAreNotEnoughData() {
        assertThat(TailLatencyTest.test(latencies(5_000, 10, 50), VersionCounts.NONE, 1.3, ALPHA).verdict())
                .isEqualTo(Verdict.NOT_ENOUGH_DATA);
        assertThat(TailLatencyTest.test(latencies(5_000, 10, 50), latencies(49, 100, 500), 1.3, ALPHA).verdict())
                .isEqualTo(Verdict.NOT_ENOUGH_DATA);
        // 267 stable requests cannot bound their p99 at 95 %: even a canary 10x slower waits.
        CheckResult fewStable = TailLatencyTest.test(latencies(267, 10, 50), latencies(500, 100, 500), 1.3, ALPHA);
        assertThat(fewStable.verdict()).isEqualTo(Verdict.NOT_ENOUGH_DATA);
        assertThat(fewStable.detail()).contains("canary needs 50 timed requests, stable 268 to place its p99");
        assertThat(TailLatencyTest.test(latencies(268, 10, 50), latencies(500, 100, 500), 1.3, ALPHA).verdict())
                .isEqualTo(Verdict.FAIL);
    }

    @Test
    void everyRequestInTheLastBucketPasses() {
        VersionCounts slowest = withTail(VersionCounts.NONE, 1_000, 100_000);

        assertThat(TailLatencyTest.test(slowest, slowest, 1.3, ALPHA).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void pValues() {
        assertThat(TailLatencyTest.pValue(50, 0)).isEqualTo(1);
        assertThat(TailLatencyTest.pValue(50, 3)).isGreaterThan(ALPHA);
        assertThat(TailLatencyTest.pValue(50, 4)).isLessThan(ALPHA);
        assertThat(TailLatencyTest.pValue(1_000, 10)).isEqualTo(1); // exactly 1 %
        assertThat(TailLatencyTest.pValue(1_000, 40)).isLessThan(1e-6);
    }

    @Test
    void lookingAfterEveryFiveCanaryRequestsRarelyFailsACanaryWhoseTailMatchesStable() {
        // The point of a sequential test: 200 simulated steps in which both versions draw from the same long-tailed
        // distribution (lognormal, median 5 ms, p99 about 32 ms) with the ratio at 1.0, stable getting 20 requests
        // for each canary one, looked at after every 5 canary requests up to 1,000: false fails must stay within
        // alpha, not grow with the 200 looks.
        Random random = new Random(7);
        int falseFails = 0;
        for (int run = 0; run < 200; run++) {
            long[] stable = new long[LatencyBuckets.COUNT];
            long[] canary = new long[LatencyBuckets.COUNT];
            for (int m = 1; m <= 1_000; m++) {
                canary[LatencyBuckets.of(lognormalNanos(random))]++;
                for (int i = 0; i < 20; i++) {
                    stable[LatencyBuckets.of(lognormalNanos(random))]++;
                }
                if (m % 5 == 0 && TailLatencyTest.test(new VersionCounts(20L * m, 0, stable),
                        new VersionCounts(m, 0, canary), 1.0, ALPHA).verdict() == Verdict.FAIL) {
                    falseFails++;
                    break;
                }
            }
        }
        assertThat(falseFails).isLessThanOrEqualTo(10); // 5 % of 200
    }

    @Test
    void bucketsAndRatios() {
        assertThat(LatencyBuckets.of(500_000)).isZero();
        assertThat(LatencyBuckets.of(1_000_000)).isEqualTo(1);
        assertThat(LatencyBuckets.of(Long.MAX_VALUE)).isEqualTo(LatencyBuckets.COUNT - 1);
        assertThat(LatencyBuckets.shiftFor(1.0)).isZero();
        assertThat(LatencyBuckets.shiftFor(2.0)).isEqualTo(8);
        assertThat(LatencyBuckets.shiftFor(1.3)).isEqualTo(3);
    }

    private static long lognormalNanos(Random random) {
        return (long) (5e6 * Math.exp(0.8 * random.nextGaussian()));
    }

    private static VersionCounts withTail(VersionCounts counts, long requests, double millis) {
        long[] latency = counts.latency().clone();
        latency[LatencyBuckets.of((long) (millis * 1e6))] += requests;
        return new VersionCounts(counts.requests() + requests, 0, latency);
    }
}
