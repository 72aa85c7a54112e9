package io.edgeway.lbadapter.reconcile;

import java.time.Duration;
import java.util.List;

/**
 * The changes one cycle writes to one pool, with the members the device had when they were planned.
 *
 * @param pool             the pool
 * @param observed         its members as read before planning
 * @param changes          the changes, in the order to apply them
 * @param drainGracePeriod how long a drained member may keep its connections
 */
public record PoolWrite(PoolKey pool, List<ObservedMember> observed, List<Change> changes, Duration drainGracePeriod) {

    public PoolWrite {
        observed = List.copyOf(observed);
        changes = List.copyOf(changes);
    }
}
