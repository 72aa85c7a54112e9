package io.edgeway.lbadapter.reconcile;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes changes with one device call each: the unbatched mode, and what a driver falls back to when the device refuses
 * a whole batch, so that one bad change does not hold back the others.
 */
public final class ChangeWriter {

    private ChangeWriter() {
    }

    /**
     * Applies every change on its own, each once {@code permission} confirms it may; returns those that failed, with
     * the device's answer (or why they were not sent).
     */
    public static List<PoolOutcome.FailedChange> oneByOne(LoadBalancerDevice device, List<PoolWrite> writes,
            WritePermission permission) {
        List<PoolOutcome.FailedChange> failed = new ArrayList<>();
        for (PoolWrite write : writes) {
            for (Change change : write.changes()) {
                try {
                    permission.require(device.name());
                    apply(device, change, write);
                }
                catch (DeviceException e) {
                    failed.add(new PoolOutcome.FailedChange(change, e.getMessage()));
                }
            }
        }
        return failed;
    }

    private static void apply(LoadBalancerDevice device, Change change, PoolWrite write) {
        switch (change.action()) {
            case ADD -> device.addMember(change.pool(), new DesiredMember(change.member(), change.weight(), ""));
            case ENABLE -> device.enableMember(change.pool(), change.member());
            case WEIGHT -> device.setWeight(change.pool(), change.member(), change.weight());
            case DRAIN -> device.drainMember(change.pool(), change.member(), write.drainGracePeriod());
            case DELETE -> device.deleteMember(change.pool(), change.member());
        }
    }
}
