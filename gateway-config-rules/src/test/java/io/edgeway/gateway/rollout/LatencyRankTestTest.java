package io.edgeway.gateway.rollout;

import org.junit.jupiter.api.Test;

import static io.edgeway.gateway.rollout.Samples.latencies;
import static org.assertj.core.api.Assertions.assertThat;

class LatencyRankTestTest {

    private static final double ALPHA = 0.05;

    @Test
    void sameLatenciesPass() {
        CheckResult result = LatencyRankTest.test(latencies(500, 10, 50), latencies(500, 10, 50), 1.3, ALPHA, 1);

        assertThat(result.verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void aCanaryTwiceAsSlowFails() {
        CheckResult result = LatencyRankTest.test(latencies(500, 10, 50), latencies(200, 20, 100), 1.3, ALPHA, 1);

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.detail()).contains("allowed ratio 1.30");
    }

    @Test
    void aCanarySlowerWithinTheRatioPasses() {
        // 20 % slower, 30 % allowed.
        assertThat(LatencyRankTest.test(latencies(2_000, 10, 50), latencies(2_000, 12, 60), 1.3, ALPHA, 1).verdict())
                .isEqualTo(Verdict.PASS);
    }

    @Test
    void oneSideEmptyOrTinyIsNotEnoughData() {
        assertThat(LatencyRankTest.test(latencies(500, 10, 50), VersionCounts.NONE, 1.3, ALPHA, 1).verdict())
                .isEqualTo(Verdict.NOT_ENOUGH_DATA);
        assertThat(LatencyRankTest.test(latencies(49, 10, 50), latencies(500, 100, 500), 1.3, ALPHA, 1).verdict())
                .isEqualTo(Verdict.NOT_ENOUGH_DATA);
    }

    @Test
    void everyRequestInOneBucketIsAllTies() {
        VersionCounts same = Samples.requests(1_000, 0);
        assertThat(LatencyRankTest.zCanaryLarger(same.latency(), same.latency(), 0)).isZero();
        assertThat(LatencyRankTest.test(same, same, 1.0, ALPHA, 1).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void tiesCountHalfInU() {
        // Stable {1, 2}, canary {2, 3} in bucket units: U = 0.5 (2 vs 2) + 1 (2 > 1) + 2 (3 > both) = 3.5 of 4.
        long[] stable = new long[LatencyBuckets.COUNT];
        long[] canary = new long[LatencyBuckets.COUNT];
        stable[1] = 1;
        stable[2] = 1;
        canary[2] = 1;
        canary[3] = 1;
        // mean 2, tie-corrected variance 4/12 · (5 − 6/12) = 1.5; continuity 0.5: z = (3.5 − 2 − 0.5) / √1.5.
        assertThat(LatencyRankTest.zCanaryLarger(stable, canary, 0)).isCloseTo(1 / Math.sqrt(1.5),
                org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void laterLooksNeedStrongerEvidence() {
        assertThat(LatencyRankTest.spent(0.05, 1)).isCloseTo(0.0304, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(LatencyRankTest.spent(0.05, 10)).isLessThan(LatencyRankTest.spent(0.05, 1) / 99);
        double total = 0;
        for (int k = 1; k < 100_000; k++) {
            total += LatencyRankTest.spent(0.05, k);
        }
        assertThat(total).isLessThan(0.05);
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

    @Test
    void normalTail() {
        assertThat(Normal.upperTail(0)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-7));
        assertThat(Normal.upperTail(1.959964)).isCloseTo(0.025, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(Normal.upperTail(-1.644854)).isCloseTo(0.95, org.assertj.core.data.Offset.offset(1e-6));
    }
}
