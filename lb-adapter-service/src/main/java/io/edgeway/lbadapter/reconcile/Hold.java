package io.edgeway.lbadapter.reconcile;

/**
 * A change a guard held back this cycle: a removal, or the re-enabling of a member an operator drained.
 *
 * @param pool    the pool it applies to
 * @param members how many members were kept
 * @param reason  which guard, and why
 */
public record Hold(PoolKey pool, int members, String reason) {
}
