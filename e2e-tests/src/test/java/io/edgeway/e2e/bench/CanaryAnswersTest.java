package io.edgeway.e2e.bench;

import java.util.ArrayList;
import java.util.List;

import io.edgeway.e2e.bench.CanaryAnswers.Answer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CanaryAnswersTest {

    private static final long NEVER = Long.MAX_VALUE;

    private static Answer ok(long due, int user, int gateway, String version) {
        return new Answer(due, due + 5, user, gateway, 200, version);
    }

    private static Answer error(long due, int user, int gateway) {
        return new Answer(due, due + 5, user, gateway, 500, null);
    }

    private static CanaryAnswers answers(Answer... answers) {
        return new CanaryAnswers(new ArrayList<>(List.of(answers)), "v1", "v2");
    }

    @Test
    void firstErrorIsTheFirstOneReceivedForARequestDueAfterTheSwitch() {
        CanaryAnswers answers = answers(error(10, 1, 0), ok(100, 1, 0, "v2"), error(300, 2, 1), error(200, 1, 2),
                new Answer(60, 70, 3, 0, 503, null), new Answer(70, 80, 4, 0, -1, null));

        assertThat(answers.firstWithStatus(500, 50)).hasValue(205);
        assertThat(answers.usersWithStatus(500, 50, 1000)).isEqualTo(2);
        assertThat(answers.usersWithStatus(500, 50, 250)).isEqualTo(1);
        assertThat(answers.failed(0, 1000)).isEqualTo(5);
        assertThat(answers.statuses(0, 1000)).containsExactly(java.util.Map.entry(-1, 1L),
                java.util.Map.entry(200, 1L), java.util.Map.entry(500, 3L), java.util.Map.entry(503, 1L));
    }

    @Test
    void usersServedByTheCanaryCountsEachUserOnceBeforeTheRollback() {
        CanaryAnswers answers = answers(ok(10, 1, 0, "v2"), ok(20, 1, 1, "v2"), ok(30, 2, 0, "v1"),
                ok(40, 3, 2, "v2"), error(50, 5, 1), ok(500, 4, 0, "v2"));

        assertThat(answers.usersServedBy("v2", 0, 0, 100)).isEqualTo(2);
        assertThat(answers.usersServedBy("v2", 500, 0, 100)).isEqualTo(3);
        assertThat(answers.usersServedBy("v2", 0, 15, 100)).isEqualTo(2);
        assertThat(answers.usersServedBy("v2", 0, 25, 100)).isEqualTo(1);
        assertThat(answers.firstServedBy("v2", 35)).hasValue(45);
    }

    @Test
    void aHealthyWalkHoldsWhenUsersOnlyMoveToTheCanary() {
        CanaryAnswers answers = answers(ok(10, 1, 0, "v1"), ok(20, 1, 1, "v2"), ok(30, 1, 2, "v2"),
                error(35, 1, 0), ok(40, 2, 0, "v1"));

        CanaryAnswers.Stickiness stickiness = answers.stickiness(new long[] { NEVER, NEVER, NEVER },
                new long[] { NEVER, NEVER, NEVER }, true);

        assertThat(stickiness.held()).isTrue();
        assertThat(stickiness.examples()).isEmpty();
    }

    @Test
    void aUserMovedBackToStableWithoutARollbackBreaksIt() {
        CanaryAnswers answers = answers(ok(10, 1, 0, "v2"), ok(20, 1, 1, "v1"));

        CanaryAnswers.Stickiness stickiness = answers.stickiness(new long[] { NEVER, NEVER },
                new long[] { NEVER, NEVER }, true);

        assertThat(stickiness.movedBack()).isEqualTo(1);
        assertThat(stickiness.examples()).containsExactly("user-1: [v2@g0, v1@g1]");
    }

    @Test
    void eachGatewayIsJudgedByItsOwnRollback() {
        // gateway 0 took the rollback at 100, gateway 1 at 300
        long[] keepUntil = { 100, 300 };
        long[] zeroFrom = { 150, 350 };
        CanaryAnswers answers = answers(ok(10, 1, 0, "v2"), ok(200, 1, 0, "v1"), ok(250, 1, 1, "v2"),
                ok(400, 1, 1, "v1"), ok(10, 2, 0, "v2"), ok(200, 2, 1, "v1"), ok(20, 3, 1, "v2"),
                ok(400, 3, 1, "v2"));

        CanaryAnswers.Stickiness stickiness = answers.stickiness(keepUntil, zeroFrom, false);

        assertThat(stickiness.flippedWhileRollingBack()).isEqualTo(1); // user 1: allowed, reported
        assertThat(stickiness.movedBack()).isEqualTo(1); // user 2: gateway 1 still ran the canary weight
        assertThat(stickiness.canaryAfterRollback()).isEqualTo(1); // user 3: gateway 1 was at 0 from 350
        assertThat(stickiness.held()).isFalse();
    }

    @Test
    void aStableAnswerThatMayHaveBeenSplitAfterTheGatewaysRollbackIsNoMove() {
        // due before gateway 0 surely left the canary weight (100), answered after: split before or after, unknown
        CanaryAnswers answers = answers(ok(10, 1, 0, "v2"), new Answer(90, 400, 1, 0, 200, "v1"));

        assertThat(answers.stickiness(new long[] { 100 }, new long[] { 150 }, false).held()).isTrue();
    }

    @Test
    void aUserMovedToTheCanaryAtAConstantWeightBreaksIt() {
        CanaryAnswers answers = answers(ok(10, 1, 0, "v1"), ok(20, 1, 1, "v2"));

        assertThat(answers.stickiness(new long[] { NEVER, NEVER }, new long[] { NEVER, NEVER }, false)
                .movedToCanary()).isEqualTo(1);
        assertThat(answers.stickiness(new long[] { NEVER, NEVER }, new long[] { NEVER, NEVER }, true).held())
                .isTrue();
    }
}
