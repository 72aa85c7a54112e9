package io.edgeway.gateway.canary;

import java.time.Clock;

import io.edgeway.gateway.rollout.RolloutWeight;
import io.edgeway.gateway.rollout.WeightOverlay;

/**
 * The weights the rollout controller sets over the committed ones, as last heard from it. Kept when the controller
 * cannot be reached: nothing advances then, and the last weight stays. A raised weight the controller scheduled
 * takes effect at its switch time by this gateway's clock, so that every gateway moves at the same instant
 * ({@link RolloutWeight}).
 */
public final class RolloutWeights {

    private final Clock clock;

    private volatile WeightOverlay overlay = WeightOverlay.NONE;

    public RolloutWeights() {
        this(Clock.systemUTC());
    }

    public RolloutWeights(Clock clock) {
        this.clock = clock;
    }

    /** The controller's weight for a route in force now; {@code null} if it sets none (yet). */
    public RolloutWeight forRoute(String routeId) {
        RolloutWeight set = overlay.routes().get(routeId);
        return set == null ? null : set.at(clock.instant());
    }

    public WeightOverlay current() {
        return overlay;
    }

    public void update(WeightOverlay overlay) {
        this.overlay = overlay == null ? WeightOverlay.NONE : overlay;
    }
}
