package io.edgeway.gateway.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One look at one route's rollout: from its state, what the commit says and the fleet's evidence of the current step,
 * the next state and, when the weight changes, the audit event. Pure: no clock, no I/O.
 *
 * <ul>
 * <li>A new plan or canary version (a new {@link RolloutTarget#identity()}) starts a rollout at the first step.</li>
 * <li>A committed weight that differs from the one the rollout started with overrides it: the committed weight
 * wins until the next new plan or canary version.</li>
 * <li>A failed check rolls back to weight 0, at once, even on a part of the fleet's evidence (rolling back is the
 * safe direction); a rollback stays until a new plan or canary version.</li>
 * <li>A step advances only when every check passes on complete evidence, each version has {@code min-requests} and
 * {@code step-after} has elapsed; anything missing holds the step and says why. Advancing onto a last step of 100 %
 * completes the rollout, since no stable traffic is left to compare with there.</li>
 * </ul>
 */
public final class RolloutStateMachine {

    private RolloutStateMachine() {
    }

    /** The next state, and the event if this look changed the weight. */
    public record Step(RolloutState state, Optional<RolloutEvent> event) {
    }

    /** Looks at a route once: {@code current} is {@code null} for a route never seen. */
    public static Step look(RolloutState current, RolloutTarget target, StepEvidence evidence, Instant now) {
        RolloutPlan plan = target.plan();
        String identity = target.identity();
        if (current == null || !current.identity().equals(identity)) {
            RolloutState started = new RolloutState(target.route(), identity, target.committedWeight(),
                    RolloutPhase.RUNNING, 0, now, List.of(), "started: at step 1 of " + plan.steps().size());
            return new Step(started, Optional.of(new RolloutEvent(now, target.route(), "started",
                    null, plan.weight(0), VersionCounts.NONE,
                    VersionCounts.NONE, List.of(), "new plan or canary " + target.canary())));
        }
        if (target.committedWeight() != current.committedWeight() && current.phase() != RolloutPhase.OVERRIDDEN) {
            RolloutState overridden = with(current, RolloutPhase.OVERRIDDEN, current.step(), now, List.of(),
                    "overridden: weight " + fmt(target.committedWeight()) + " committed by hand");
            return new Step(overridden, Optional.of(new RolloutEvent(now, target.route(), "overridden",
                    current.weight(plan), null, evidence.stable(), evidence.canary(), List.of(),
                    "weight committed by hand: " + fmt(current.committedWeight()) + " → "
                            + fmt(target.committedWeight()))));
        }
        if (current.phase() != RolloutPhase.RUNNING) {
            return new Step(current, Optional.empty());
        }
        return running(current, target, evidence, now);
    }

    private static Step running(RolloutState current, RolloutTarget target, StepEvidence evidence, Instant now) {
        RolloutPlan plan = target.plan();
        CheckResult errors = ErrorRateTest.test(evidence.stable(), evidence.canary(), plan.maxErrorRateIncrease(),
                plan.alpha());
        CheckResult latency = TailLatencyTest.test(evidence.stable(), evidence.canary(), plan.maxP99Ratio(),
                plan.alpha());
        List<CheckResult> checks = List.of(errors, latency);
        RolloutState looked = new RolloutState(current.route(), current.identity(), current.committedWeight(),
                RolloutPhase.RUNNING, current.step(), current.stepStartedAt(), checks, current.status());
        Optional<CheckResult> failed = checks.stream().filter(c -> c.verdict() == Verdict.FAIL).findFirst();
        if (failed.isPresent()) {
            String why = "rolled back: " + failed.get().check() + " failed (p " + pValue(failed.get()) + " ≤ "
                    + pValue(failed.get().threshold()) + "): " + failed.get().detail();
            return new Step(with(looked, RolloutPhase.ROLLED_BACK, current.step(), now, checks, why),
                    Optional.of(event(now, target, "rolled-back", plan.weight(current.step()), 0.0, evidence, checks,
                            why)));
        }
        List<String> holds = new ArrayList<>();
        if (!evidence.complete()) {
            holds.add(evidence.gap());
        }
        checks.stream().filter(c -> c.verdict() == Verdict.NOT_ENOUGH_DATA)
                .forEach(c -> holds.add(c.check() + ": not enough data (" + c.detail() + ")"));
        long fewer = Math.min(evidence.stable().requests(), evidence.canary().requests());
        if (fewer < plan.minRequests()) {
            holds.add("min-requests: " + fewer + " of " + plan.minRequests() + " per version");
        }
        Duration at = Duration.between(current.stepStartedAt(), now);
        if (at.compareTo(plan.stepAfter()) < 0) {
            holds.add("step-after: " + at.toSeconds() + " s of " + plan.stepAfter().toSeconds() + " s");
        }
        if (!holds.isEmpty()) {
            return new Step(with(looked, RolloutPhase.RUNNING, current.step(), current.stepStartedAt(), checks,
                    "holding at " + fmt(plan.weight(current.step())) + " %: " + String.join("; ", holds)),
                    Optional.empty());
        }
        if (plan.isLast(current.step())) {
            String why = "completed at " + fmt(plan.weight(current.step())) + " %: every check passed";
            return new Step(with(looked, RolloutPhase.COMPLETED, current.step(), current.stepStartedAt(), checks, why),
                    Optional.of(event(now, target, "completed", plan.weight(current.step()),
                            plan.weight(current.step()), evidence, checks, why)));
        }
        int next = current.step() + 1;
        if (plan.isLast(next) && plan.weight(next) >= 100) {
            // At 100 % the stable version serves nobody, so there is nothing left to compare with: the evidence of
            // this step is the last there can be, and it promotes the canary.
            String why = "completed at 100 %: every check passed at " + fmt(plan.weight(current.step())) + " %";
            RolloutState completed = new RolloutState(current.route(), current.identity(), current.committedWeight(),
                    RolloutPhase.COMPLETED, next, now, checks, why);
            return new Step(completed, Optional.of(event(now, target, "completed", plan.weight(current.step()),
                    plan.weight(next), evidence, checks, why)));
        }
        String why = "advanced to " + fmt(plan.weight(next)) + " %: every check passed";
        RolloutState advanced = new RolloutState(current.route(), current.identity(), current.committedWeight(),
                RolloutPhase.RUNNING, next, now, List.of(), why);
        return new Step(advanced, Optional.of(event(now, target, "advanced", plan.weight(current.step()),
                plan.weight(next), evidence, checks, why)));
    }

    private static RolloutState with(RolloutState state, RolloutPhase phase, int step, Instant stepStartedAt,
            List<CheckResult> checks, String status) {
        return new RolloutState(state.route(), state.identity(), state.committedWeight(), phase, step, stepStartedAt,
                checks, status);
    }

    private static RolloutEvent event(Instant now, RolloutTarget target, String kind, Double from, Double to,
            StepEvidence evidence, List<CheckResult> checks, String why) {
        return new RolloutEvent(now, target.route(), kind, from, to, evidence.stable(), evidence.canary(), checks, why);
    }

    private static String pValue(CheckResult result) {
        return pValue(result.pValue());
    }

    private static String pValue(double p) {
        return String.format(Locale.ROOT, "%.2g", p);
    }

    static String fmt(double weight) {
        return weight == Math.rint(weight) ? String.valueOf((long) weight) : String.valueOf(weight);
    }
}
