package io.edgeway.lbadapter.reconcile;

import java.util.List;
import java.util.Map;

/**
 * Where the reconciler records its device writes as they happen: every change of a batch before the batch's first
 * device call (the intent), and each one's outcome after the batch. A batch cut short (the device hung, this replica
 * lost the lock, the process died) thus leaves its intent on record.
 */
@FunctionalInterface
public interface WriteJournal {

    /** Records nothing. */
    WriteJournal NONE = changes -> failures -> {
    };

    /** The outcome of the changes recorded by one {@link #intend} call. */
    @FunctionalInterface
    interface Intent {

        /** Every change was written but those in {@code failures}, which map to the reason. */
        void completed(Map<Change, String> failures);
    }

    /** Records that these changes are about to be written. */
    Intent intend(List<Change> changes);
}
