package io.edgeway.lbadapter.mirror;

import io.edgeway.lbadapter.reconcile.CycleReport;

/** Told of every reconcile cycle that wrote to devices (never of dry runs), on the loop's thread: return quickly. */
public interface ReconcileListener {

    void cycleApplied(CycleReport report);
}
