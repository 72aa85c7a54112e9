package io.edgeway.gateway.rollout;

import java.time.Instant;

/**
 * The weight the rollout controller sets for one route, and what it applies to: a gateway uses it only while its own
 * route has the same rollout identity and committed weight, so a new commit (a new plan, a new canary, a weight by
 * hand) wins at once, before the controller has seen it.
 *
 * <p>A raise of the weight is scheduled: it takes effect at {@code switchAt}, and until then the previous step stays
 * in force. Gateways hear the controller at different moments (each reports on its own second); if each applied the
 * new weight on hearing it, a user on the canary at the new weight on one gateway would be back on stable at the old
 * weight on another for up to a report interval. With a common switch time every gateway that heard in time moves at
 * the same instant. A lower weight (a rollback) needs no schedule: it moves users back to stable, which is allowed.
 *
 * @param identity the {@link RolloutTarget#identity()} of the rollout
 * @param committedWeight the committed weight the rollout started from
 * @param stepId under which to count requests ({@link RolloutState#stepId()})
 * @param weight the canary weight to apply, in %
 * @param switchAt when {@code weight} takes effect ({@code null}: now)
 * @param previousStepId the step in force before {@code switchAt} ({@code null}: the committed weight applies)
 * @param previousWeight the weight in force before {@code switchAt}
 */
public record RolloutWeight(String identity, double committedWeight, String stepId, double weight, Instant switchAt,
        String previousStepId, double previousWeight) {

    /** A weight in force at once. */
    public RolloutWeight(String identity, double committedWeight, String stepId, double weight) {
        this(identity, committedWeight, stepId, weight, null, null, 0);
    }

    /**
     * This weight, taking effect at {@code switchAt}; {@code before} (of the same rollout, or {@code null} for the
     * committed weight) stays in force until then.
     */
    public RolloutWeight from(Instant switchAt, RolloutWeight before) {
        return before == null ? new RolloutWeight(identity, committedWeight, stepId, weight, switchAt, null,
                committedWeight)
                : new RolloutWeight(identity, committedWeight, stepId, weight, switchAt, before.stepId(),
                        before.weight());
    }

    /** Whether the weight has yet to take effect at {@code now}. */
    public boolean pendingAt(Instant now) {
        return switchAt != null && now.isBefore(switchAt);
    }

    /** The weight in force at {@code now}, unscheduled; {@code null} when the committed weight applies then. */
    public RolloutWeight at(Instant now) {
        if (switchAt == null) {
            return this;
        }
        if (!pendingAt(now)) {
            return new RolloutWeight(identity, committedWeight, stepId, weight);
        }
        return previousStepId == null ? null
                : new RolloutWeight(identity, committedWeight, previousStepId, previousWeight);
    }
}
