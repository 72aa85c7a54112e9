package io.edgeway.lbadapter.reconcile;

import java.util.Objects;

/**
 * One device write the reconciler wants.
 *
 * @param pool   the pool it applies to
 * @param action what to do
 * @param member the member it applies to
 * @param weight the member's weight, for {@link Action#ADD} and {@link Action#WEIGHT}
 * @param reason why, for the plan endpoint and the logs
 */
public record Change(PoolKey pool, Action action, MemberAddress member, int weight, String reason) {

    /** The writes, in the order a plan applies them: make before break; a new ratio before any drain. */
    public enum Action {
        ADD, ENABLE, WEIGHT, DRAIN, DELETE
    }

    public Change {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(member, "member");
    }

    @Override
    public String toString() {
        return action + " " + member + " in " + pool + " (" + reason + ")";
    }
}
