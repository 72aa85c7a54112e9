package io.edgeway.gateway.rollout;

import java.util.Random;

import org.junit.jupiter.api.Test;

import static io.edgeway.gateway.rollout.Samples.requests;
import static org.assertj.core.api.Assertions.assertThat;

class ErrorRateTestTest {

    private static final double ALLOWED = 0.005;

    private static final double ALPHA = 0.05;

    @Test
    void zeroErrorsOnBothSidesPass() {
        CheckResult result = ErrorRateTest.test(requests(500, 0), requests(500, 0), ALLOWED, ALPHA);

        assertThat(result.verdict()).isEqualTo(Verdict.PASS);
        assertThat(result.pValue()).isEqualTo(1);
    }

    @Test
    void oneSideEmptyIsNotEnoughData() {
        assertThat(ErrorRateTest.test(requests(5_000, 0), VersionCounts.NONE, ALLOWED, ALPHA).verdict())
                .isEqualTo(Verdict.NOT_ENOUGH_DATA);
        assertThat(ErrorRateTest.test(VersionCounts.NONE, requests(5_000, 4_000), ALLOWED, ALPHA).verdict())
                .isEqualTo(Verdict.NOT_ENOUGH_DATA);
    }

    @Test
    void tinySamplesAreNotEnoughDataEvenIfEveryRequestFailed() {
        CheckResult result = ErrorRateTest.test(requests(1_000, 0), requests(29, 29), ALLOWED, ALPHA);

        assertThat(result.verdict()).isEqualTo(Verdict.NOT_ENOUGH_DATA);
        assertThat(result.detail()).contains("each version needs 30 requests");
    }

    @Test
    void twoStrayErrorsNeverFail() {
        assertThat(ErrorRateTest.test(requests(2_000, 0), requests(30, 2), ALLOWED, ALPHA).verdict())
                .isEqualTo(Verdict.PASS);
    }

    @Test
    void fivePercentErrorsAgainstNoneFailWithinAHundredAndFiftyCanaryRequests() {
        CheckResult result = ErrorRateTest.test(requests(3_000, 0), requests(150, 7), ALLOWED, ALPHA);

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.pValue()).isLessThan(0.001);
    }

    @Test
    void anIncreaseWithinTheAllowancePasses() {
        // 1.2 % against 1 %: +0.2 points, allowed +0.5.
        assertThat(ErrorRateTest.test(requests(50_000, 500), requests(50_000, 600), ALLOWED, ALPHA).verdict())
                .isEqualTo(Verdict.PASS);
    }

    @Test
    void anIncreaseBeyondTheAllowanceFailsOnEnoughData() {
        // 2 % against 1 %: +1 point, allowed +0.5.
        assertThat(ErrorRateTest.test(requests(20_000, 200), requests(20_000, 400), ALLOWED, ALPHA).verdict())
                .isEqualTo(Verdict.FAIL);
    }

    @Test
    void aBetterCanaryNeverFails() {
        assertThat(ErrorRateTest.test(requests(10_000, 500), requests(10_000, 0), ALLOWED, ALPHA).pValue())
                .isEqualTo(1);
    }

    @Test
    void lookingAfterEveryTenRequestsRarelyFailsACanaryAtTheEdgeOfTheAllowance() {
        // The point of a sequential test: 200 simulated steps of 3,000 requests a version, stable at 1 % errors and
        // the canary at 1.5 % (exactly the allowance), looked at every 10 requests; false fails must stay within
        // alpha, not grow with the 300 looks (a fixed-sample test looked at this often fails far more).
        Random random = new Random(13);
        int falseFails = 0;
        for (int run = 0; run < 200; run++) {
            long stableErrors = 0;
            long canaryErrors = 0;
            for (int n = 1; n <= 3_000; n++) {
                stableErrors += random.nextDouble() < 0.01 ? 1 : 0;
                canaryErrors += random.nextDouble() < 0.015 ? 1 : 0;
                if (n % 10 == 0 && ErrorRateTest.test(requests(n, stableErrors), requests(n, canaryErrors), ALLOWED,
                        ALPHA).verdict() == Verdict.FAIL) {
                    falseFails++;
                    break;
                }
            }
        }
        assertThat(falseFails).isLessThanOrEqualTo(10); // 5 % of 200
    }
}
