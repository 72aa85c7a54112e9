package io.edgeway.lbadapter.reconcile;

import java.util.List;

/**
 * What the reconciler wants for one pool: its changes in the order to apply them, and what the guards held back.
 *
 * @param pool    the pool
 * @param changes adds and enables first, then drains, then deletes
 * @param holds   removals the guards held back, with their reasons
 */
public record PoolPlan(PoolKey pool, List<Change> changes, List<Hold> holds) {

    public PoolPlan {
        changes = List.copyOf(changes);
        holds = List.copyOf(holds);
    }
}
