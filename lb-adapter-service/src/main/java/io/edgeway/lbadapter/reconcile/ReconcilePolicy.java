package io.edgeway.lbadapter.reconcile;

import java.time.Duration;
import java.util.Objects;

/**
 * How the reconciler removes members.
 *
 * @param drainGracePeriod longest a leaving member drains before it is deleted (sooner when its connections reach 0)
 * @param maxRemovalShare  the share of a pool's enabled members that one cycle may start draining (at least one)
 */
public record ReconcilePolicy(Duration drainGracePeriod, double maxRemovalShare) {

    public ReconcilePolicy {
        Objects.requireNonNull(drainGracePeriod, "drainGracePeriod");
        if (drainGracePeriod.isNegative()) {
            throw new IllegalArgumentException("drainGracePeriod cannot be negative");
        }
        if (!(maxRemovalShare > 0 && maxRemovalShare <= 1)) {
            throw new IllegalArgumentException("maxRemovalShare must be in (0, 1], not " + maxRemovalShare);
        }
    }
}
