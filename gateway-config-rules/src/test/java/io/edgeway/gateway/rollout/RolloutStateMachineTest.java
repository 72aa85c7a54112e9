package io.edgeway.gateway.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static io.edgeway.gateway.rollout.Samples.requests;
import static org.assertj.core.api.Assertions.assertThat;

class RolloutStateMachineTest {

    private static final RolloutPlan PLAN = new RolloutPlan(List.of(1.0, 5.0, 100.0), Duration.ofMinutes(2), 500,
            0.005, 1.3, 0.95);

    private static final RolloutTarget TARGET = new RolloutTarget("api", "v1", "v2", 0, PLAN);

    private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");

    private static final StepEvidence HEALTHY = new StepEvidence(requests(10_000, 10), requests(600, 0), null);

    private static RolloutState started() {
        return RolloutStateMachine.look(null, TARGET, StepEvidence.missing("none yet"), T0).state();
    }

    @Test
    void aNewPlanStartsAtTheFirstStep() {
        RolloutStateMachine.Step step = RolloutStateMachine.look(null, TARGET, StepEvidence.missing("none"), T0);

        assertThat(step.state().phase()).isEqualTo(RolloutPhase.RUNNING);
        assertThat(step.state().weight(PLAN)).isEqualTo(1.0);
        assertThat(step.event()).get().extracting(RolloutEvent::kind).isEqualTo("started");
    }

    @Test
    void advancesWhenChecksPassEnoughRequestsAreInAndStepAfterElapsed() {
        RolloutStateMachine.Step step = RolloutStateMachine.look(started(), TARGET, HEALTHY, T0.plusSeconds(120));

        assertThat(step.state().step()).isEqualTo(1);
        assertThat(step.state().weight(PLAN)).isEqualTo(5.0);
        assertThat(step.state().stepStartedAt()).isEqualTo(T0.plusSeconds(120));
        assertThat(step.state().stepId()).isNotEqualTo(started().stepId());
        assertThat(step.event()).get().satisfies(event -> {
            assertThat(event.kind()).isEqualTo("advanced");
            assertThat(event.fromWeight()).isEqualTo(1.0);
            assertThat(event.toWeight()).isEqualTo(5.0);
            assertThat(event.checks()).extracting(CheckResult::verdict).containsOnly(Verdict.PASS);
        });
    }

    @Test
    void holdsBeforeStepAfter() {
        RolloutStateMachine.Step step = RolloutStateMachine.look(started(), TARGET, HEALTHY, T0.plusSeconds(119));

        assertThat(step.state().step()).isZero();
        assertThat(step.event()).isEmpty();
        assertThat(step.state().status()).contains("step-after: 119 s of 120 s");
    }

    @Test
    void holdsBelowMinRequests() {
        StepEvidence few = new StepEvidence(requests(10_000, 0), requests(499, 0), null);

        RolloutStateMachine.Step step = RolloutStateMachine.look(started(), TARGET, few, T0.plusSeconds(600));

        assertThat(step.state().step()).isZero();
        assertThat(step.state().status()).contains("min-requests: 499 of 500 per version");
    }

    @Test
    void whileTheLatencyCheckWaitsForEnoughTimedRequestsItSaysHowManyThereAreNow() {
        RolloutState first = RolloutStateMachine.look(started(), TARGET,
                new StepEvidence(requests(10, 0), requests(1, 0), null), T0.plusSeconds(1)).state();

        RolloutState later = RolloutStateMachine.look(first, TARGET,
                new StepEvidence(requests(4_000, 0), requests(20, 0), null), T0.plusSeconds(60)).state();

        CheckResult latency = later.checks().stream().filter(c -> c.check().equals(TailLatencyTest.NAME))
                .findFirst().orElseThrow();
        assertThat(latency.verdict()).isEqualTo(Verdict.NOT_ENOUGH_DATA);
        assertThat(latency.detail()).contains("(20 timed)").contains("(4000 timed)");
        assertThat(later.status()).contains("(20 timed)");
    }

    @Test
    void holdsWithoutDataAndSaysSoNeverAdvancingNorRollingBack() {
        RolloutState state = started();
        for (int second = 1; second <= 3_600; second += 60) {
            state = RolloutStateMachine.look(state, TARGET, new StepEvidence(requests(20, 0), requests(1, 1), null),
                    T0.plusSeconds(second)).state();
        }
        assertThat(state.phase()).isEqualTo(RolloutPhase.RUNNING);
        assertThat(state.step()).isZero();
        assertThat(state.checks()).extracting(CheckResult::verdict).containsOnly(Verdict.NOT_ENOUGH_DATA);
        assertThat(state.status()).contains("error-rate: not enough data", "p99-latency: not enough data");
    }

    @Test
    void holdsWhenAGatewayIsSilent() {
        StepEvidence partial = new StepEvidence(HEALTHY.stable(), HEALTHY.canary(), "gateway gw-2 silent for 4 s");

        RolloutStateMachine.Step step = RolloutStateMachine.look(started(), TARGET, partial, T0.plusSeconds(600));

        assertThat(step.state().step()).isZero();
        assertThat(step.state().status()).contains("gateway gw-2 silent for 4 s");
    }

    @Test
    void rollsBackOnAFailedCheckLongBeforeMinRequests() {
        StepEvidence bad = new StepEvidence(requests(3_000, 0), requests(150, 8), null);

        RolloutStateMachine.Step step = RolloutStateMachine.look(started(), TARGET, bad, T0.plusSeconds(15));

        assertThat(step.state().phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(step.state().weight(PLAN)).isEqualTo(0.0);
        assertThat(step.event()).get().satisfies(event -> {
            assertThat(event.kind()).isEqualTo("rolled-back");
            assertThat(event.toWeight()).isEqualTo(0.0);
            assertThat(event.canary().errors()).isEqualTo(8);
            assertThat(event.reason()).contains("error-rate failed (p ");
        });
    }

    @Test
    void rollsBackEvenOnPartOfTheFleetsEvidence() {
        StepEvidence bad = new StepEvidence(requests(3_000, 0), requests(150, 8), "gateway gw-2 silent for 4 s");

        assertThat(RolloutStateMachine.look(started(), TARGET, bad, T0.plusSeconds(15)).state().phase())
                .isEqualTo(RolloutPhase.ROLLED_BACK);
    }

    @Test
    void aRollbackIsStickyUntilANewPlanOrCanaryVersion() {
        StepEvidence bad = new StepEvidence(requests(3_000, 0), requests(150, 8), null);
        RolloutState rolledBack = RolloutStateMachine.look(started(), TARGET, bad, T0.plusSeconds(15)).state();

        RolloutStateMachine.Step later = RolloutStateMachine.look(rolledBack, TARGET, HEALTHY, T0.plusSeconds(900));
        assertThat(later.state().phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(later.event()).isEmpty();

        RolloutTarget fixed = new RolloutTarget("api", "v1", "v3", 0, PLAN);
        RolloutStateMachine.Step restarted = RolloutStateMachine.look(rolledBack, fixed, HEALTHY, T0.plusSeconds(901));
        assertThat(restarted.state().phase()).isEqualTo(RolloutPhase.RUNNING);
        assertThat(restarted.state().weight(PLAN)).isEqualTo(1.0);
        assertThat(restarted.event()).get().extracting(RolloutEvent::kind).isEqualTo("started");
    }

    @Test
    void aWeightCommittedByHandWinsAndStays() {
        RolloutTarget byHand = new RolloutTarget("api", "v1", "v2", 30, PLAN);

        RolloutStateMachine.Step step = RolloutStateMachine.look(started(), byHand, HEALTHY, T0.plusSeconds(5));

        assertThat(step.state().phase()).isEqualTo(RolloutPhase.OVERRIDDEN);
        assertThat(step.state().weight(PLAN)).isNull();
        assertThat(step.event()).get().extracting(RolloutEvent::kind).isEqualTo("overridden");
        assertThat(RolloutStateMachine.look(step.state(), byHand, HEALTHY, T0.plusSeconds(500)).state().phase())
                .isEqualTo(RolloutPhase.OVERRIDDEN);
    }

    @Test
    void advancingOntoAHundredPercentCompletesAndStaysThere() {
        RolloutState state = started();
        Instant now = T0;
        for (int i = 0; i < 2; i++) {
            now = now.plusSeconds(120);
            state = RolloutStateMachine.look(state, TARGET, HEALTHY, now).state();
        }
        assertThat(state.phase()).isEqualTo(RolloutPhase.COMPLETED);
        assertThat(state.weight(PLAN)).isEqualTo(100.0);
        assertThat(state.status()).isEqualTo("completed at 100 %: every check passed at 5 %");
        assertThat(RolloutStateMachine.look(state, TARGET, HEALTHY, now.plusSeconds(600)).state()).isEqualTo(state);
    }

    @Test
    void aLastStepBelowAHundredIsCheckedBeforeItCompletes() {
        RolloutTarget toHalf = new RolloutTarget("api", "v1", "v2", 0, new RolloutPlan(List.of(10.0, 50.0),
                Duration.ofMinutes(2), 500, 0.005, 1.3, 0.95));
        RolloutState state = RolloutStateMachine.look(null, toHalf, StepEvidence.missing("none"), T0).state();
        state = RolloutStateMachine.look(state, toHalf, HEALTHY, T0.plusSeconds(120)).state();
        assertThat(state.phase()).isEqualTo(RolloutPhase.RUNNING);
        assertThat(state.weight(toHalf.plan())).isEqualTo(50.0);

        RolloutStateMachine.Step last = RolloutStateMachine.look(state, toHalf, HEALTHY, T0.plusSeconds(240));
        assertThat(last.state().phase()).isEqualTo(RolloutPhase.COMPLETED);
        assertThat(last.state().weight(toHalf.plan())).isEqualTo(50.0);
        assertThat(last.event()).get().extracting(RolloutEvent::kind).isEqualTo("completed");
    }

    @Test
    void aMuchSlowerCanaryRollsBack() {
        StepEvidence slow = new StepEvidence(Samples.latencies(2_000, 10, 50), Samples.latencies(100, 40, 200), null);

        RolloutStateMachine.Step step = RolloutStateMachine.look(started(), TARGET, slow, T0.plusSeconds(10));

        assertThat(step.state().phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(step.state().status()).contains("p99-latency failed");
    }
}
