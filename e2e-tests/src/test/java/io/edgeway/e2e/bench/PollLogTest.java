package io.edgeway.e2e.bench;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PollLogTest {

    private static final String A = "{\"instanceId\":\"a:18081\"}";

    private static final String B = "{\"instanceId\":\"b:18082\"}";

    private final PollLog log = PollLog.parse(List.of("100.0 100.1 " + A + " 200 0.010", "100.2 100.3 " + B + " 200 0.020",
            "100.4 100.5 " + B + " 503 0.030", "100.6 105.6  000 5.000", "100.7 100.8 " + B + " 200 0.040"));

    @Test
    void firstAndLastOkAnswerOfAnInstance() {
        assertThat(log.firstAnswerFrom("b:18082")).hasValue(100.3);
        assertThat(log.lastAnswerFrom("b:18082")).hasValue(100.8);
        assertThat(log.firstAnswerFrom("c:18083")).isEmpty();
    }

    @Test
    void anAnswerWithoutBodyOrWith5xxFailed() {
        assertThat(log.count()).isEqualTo(5);
        assertThat(log.failed()).isEqualTo(2);
        assertThat(log.sentFrom(100.4)).isEqualTo(3);
        assertThat(log.okAnsweredAfter(100.2)).isEqualTo(2);
    }

    @Test
    void latenciesBeforeAndAfterAMoment() {
        assertThat(log.millisAnsweredBefore(100.35)).containsExactly(10, 20);
        assertThat(log.millisSentFrom(100.6)).containsExactly(5000, 40);
    }

    @Test
    void medianGapBetweenPolls() {
        assertThat(PollLog.medianGapMillis(List.of("1.000\t200\t{}", "1.100\t200\t{}", "1.300\t404\t", "1.400\t200\t{}"), 1))
                .isCloseTo(100, org.assertj.core.data.Offset.offset(1e-6));
    }
}
