package io.edgeway.gateway.rollout;

import java.time.Instant;
import java.util.List;

/**
 * The progress of one route's rollout: what the controller keeps (and persists) between looks, and what it tells the
 * gateways. The gateways count each step's traffic under {@link #stepId()}.
 *
 * @param route the route id
 * @param identity the {@link RolloutTarget#identity()} this rollout runs for
 * @param committedWeight the weight committed when it started: a different one later is a hand override
 * @param phase where it stands
 * @param step the index of the current step in the plan
 * @param stepStartedAt when the current step began
 * @param checks the verdicts of the last look
 * @param status what the controller is doing and why, for people
 */
public record RolloutState(String route, String identity, double committedWeight, RolloutPhase phase, int step,
        Instant stepStartedAt, List<CheckResult> checks, String status) {

    public RolloutState {
        checks = checks == null ? List.of() : List.copyOf(checks);
    }

    /** The id under which gateways count the current step's requests. */
    public String stepId() {
        return identity + "#" + step;
    }

    /** The canary weight the gateways must apply; {@code null} when the committed weight applies. */
    public Double weight(RolloutPlan plan) {
        return switch (phase) {
            case RUNNING, COMPLETED -> plan.weight(step);
            case ROLLED_BACK -> 0.0;
            case OVERRIDDEN -> null;
        };
    }
}
