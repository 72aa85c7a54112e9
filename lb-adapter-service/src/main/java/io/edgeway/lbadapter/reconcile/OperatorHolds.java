package io.edgeway.lbadapter.reconcile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The members operators took out of service: the reconciler neither re-enables nor re-adds them until an operator
 * enables them again. Removals still go ahead: a held member whose instance leaves is drained and deleted as usual.
 */
public interface OperatorHolds {

    /** No member is held. */
    OperatorHolds NONE = pool -> Map.of();

    /** The held members of a pool, each with who holds it and since when, for the plan's {@link Hold}. */
    Map<MemberAddress, String> heldIn(PoolKey pool);

    /** The plan without the adds and enables of held members, each reported as a {@link Hold} instead. */
    default PoolPlan respect(PoolPlan plan) {
        Map<MemberAddress, String> held = heldIn(plan.pool());
        if (held.isEmpty()) {
            return plan;
        }
        List<Change> changes = new ArrayList<>();
        List<Hold> holds = new ArrayList<>(plan.holds());
        for (Change change : plan.changes()) {
            boolean restores = change.action() == Change.Action.ADD || change.action() == Change.Action.ENABLE;
            String reason = held.get(change.member());
            if (restores && reason != null) {
                holds.add(new Hold(plan.pool(), 1, change.member() + " " + reason + ": not "
                        + (change.action() == Change.Action.ADD ? "re-added" : "re-enabled")
                        + " until an operator enables it"));
            }
            else {
                changes.add(change);
            }
        }
        return new PoolPlan(plan.pool(), changes, holds);
    }
}
