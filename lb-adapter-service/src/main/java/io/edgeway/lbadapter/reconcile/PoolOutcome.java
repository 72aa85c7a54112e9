package io.edgeway.lbadapter.reconcile;

import java.util.List;

/**
 * What one cycle did for one pool.
 *
 * @param pool      the pool
 * @param observed  its members as read from the device (empty when the read failed)
 * @param plan      what the reconciler wanted (no changes when the read failed)
 * @param applied   the changes written
 * @param failed    the changes the device refused or did not answer, with the error; the next cycle plans them again
 * @param readError why the pool could not be read, or null
 */
public record PoolOutcome(PoolKey pool, List<ObservedMember> observed, PoolPlan plan, List<Change> applied,
        List<FailedChange> failed, String readError) {

    /** A change that did not happen, and why. */
    public record FailedChange(Change change, String error) {
    }

    public PoolOutcome {
        observed = List.copyOf(observed);
        applied = List.copyOf(applied);
        failed = List.copyOf(failed);
    }

    public boolean ok() {
        return readError == null && failed.isEmpty();
    }
}
