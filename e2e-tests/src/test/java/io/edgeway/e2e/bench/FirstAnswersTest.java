package io.edgeway.e2e.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FirstAnswersTest {

    private static final long COMMIT = 5_000_000_000L;

    private final FirstAnswers answers = new FirstAnswers();

    @Test
    void pollingOnceAnyAnswerCameEvenNone() {
        assertThat(answers.polling()).isFalse();

        answers.answer(COMMIT - 40_000_000L, FirstAnswers.NO_ANSWER);

        assertThat(answers.polling()).isTrue();
        assertThat(answers.live()).isFalse();
    }

    @Test
    void sampleIsTheFirst200AfterTheCommit() {
        assertThat(answers.answer(COMMIT - 20_000_000L, 404)).isFalse();
        assertThat(answers.answer(COMMIT + 480_000_000L, 404)).isFalse();
        assertThat(answers.answer(COMMIT + 500_700_000L, 200)).isTrue();
        answers.answer(COMMIT + 520_000_000L, 503);

        PushSamples.Sample sample = answers.sample("direct", "7", COMMIT, false);

        assertThat(sample.firstOkMillis()).isEqualTo(500);
        assertThat(sample.matchedMillis()).isEqualTo(500);
        assertThat(sample.fivexxFirst()).isFalse();
        assertThat(answers.describe(COMMIT)).isEqualTo("500");
    }

    @Test
    void aRouteThatFirstAnswered5xxIsMatchedBeforeItIsLive() {
        answers.answer(COMMIT + 300_000_000L, 404);
        answers.answer(COMMIT + 320_000_000L, FirstAnswers.NO_ANSWER);
        answers.answer(COMMIT + 340_000_000L, 503);
        answers.answer(COMMIT + 900_000_000L, 200);

        PushSamples.Sample sample = answers.sample("redis", "9", COMMIT, true);

        assertThat(sample.matchedMillis()).isEqualTo(340);
        assertThat(sample.firstOkMillis()).isEqualTo(900);
        assertThat(sample.fivexxFirst()).isTrue();
        assertThat(sample.overBudget()).isTrue();
        assertThat(answers.describe(COMMIT)).isEqualTo("900(503 from 340)");
    }

    @Test
    void noTwoHundredInTimeIsMissed() {
        answers.answer(COMMIT + 100_000_000L, 404);

        PushSamples.Sample sample = answers.sample("webhook", "3", COMMIT, false);

        assertThat(sample.firstOkMillis()).isEqualTo(PushSamples.Sample.MISSED);
        assertThat(sample.matchedMillis()).isEqualTo(PushSamples.Sample.MISSED);
        assertThat(answers.describe(COMMIT)).isEqualTo("missed");
    }
}
