package io.edgeway.gateway.rules;

import java.time.Duration;

import io.edgeway.gateway.settings.InvalidConfigException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FilterArgsTest {

    @Test
    void canaryNeedsTwoVersionsAWeightInRangeAndAKnownKey() {
        CanaryArgs args = new CanaryArgs();
        args.setStable("v1");
        args.setCanary("v1");
        args.setWeight(100.5);
        args.setKey("subject, query:user");

        assertThatExceptionOfType(InvalidConfigException.class).isThrownBy(args::validate)
                .satisfies(ex -> assertThat(ex.problems()).containsExactly(
                        "canary: is the stable version too (v1)", "weight: 100.5 is outside 0–100",
                        "key: key 'query:user' is not subject, ip, header:NAME or cookie:NAME"));
    }

    @Test
    void canaryWeightMustBeANumberFromZeroToHundred() {
        for (double weight : new double[] { -1, 100.01, Double.NaN }) {
            CanaryArgs args = new CanaryArgs();
            args.setStable("v1");
            args.setCanary("v2");
            args.setWeight(weight);

            assertThatExceptionOfType(InvalidConfigException.class).as("weight %s", weight).isThrownBy(args::validate);
        }
    }

    @Test
    void canaryWithItsDefaultsAndTwoVersionsIsValid() {
        CanaryArgs args = new CanaryArgs();
        args.setStable("v1");
        args.setCanary("v2");

        assertThatCode(args::validate).doesNotThrowAnyException();
    }

    @Test
    void rateLimitNeedsRequestsAndAPositivePeriod() {
        RateLimitArgs args = new RateLimitArgs();
        args.setPeriod(Duration.ZERO);

        assertThatExceptionOfType(InvalidConfigException.class).isThrownBy(args::validate)
                .withMessage("requests: must be at least 1, not 0; period: must be positive, not PT0S");
    }

    @Test
    void shedLoadTakesThePriorityClassesInAnyCase() {
        ShedLoadArgs args = new ShedLoadArgs();
        args.setPriority("Best_Effort");
        assertThatCode(args::validate).doesNotThrowAnyException();

        args.setPriority("urgent");
        assertThatExceptionOfType(InvalidConfigException.class).isThrownBy(args::validate)
                .withMessage("priority: 'urgent' is not one of critical, default, best-effort");
    }

    @Test
    void staticResponseNeedsAKnownStatusAndMediaType() {
        StaticResponseArgs args = new StaticResponseArgs();
        args.setStatus(299);
        args.setContentType("text");

        assertThatExceptionOfType(InvalidConfigException.class).isThrownBy(args::validate)
                .withMessage("status: 299 is not an HTTP status; content-type: 'text' is not a media type");
    }
}
