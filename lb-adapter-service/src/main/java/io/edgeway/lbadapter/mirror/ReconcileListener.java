package io.edgeway.lbadapter.mirror;

import io.edgeway.lbadapter.reconcile.CycleReport;
import io.edgeway.lbadapter.vip.VipReport;

/** Told of every reconcile cycle that wrote to devices (never of dry runs), on the loop's thread: return quickly. */
public interface ReconcileListener {

    void cycleApplied(CycleReport report);

    /** Told of every VIP pass that was not a dry run, before the pool cycle of the same tick. */
    default void vipsApplied(VipReport report) {
    }
}
