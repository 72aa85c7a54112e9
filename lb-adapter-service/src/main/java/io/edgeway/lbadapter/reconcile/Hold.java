package io.edgeway.lbadapter.reconcile;

/**
 * A removal a guard held back this cycle.
 *
 * @param pool    the pool it applies to
 * @param members how many members were kept
 * @param reason  which guard, and why
 */
public record Hold(PoolKey pool, int members, String reason) {
}
