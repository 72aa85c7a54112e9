package io.edgeway.gateway.canary;

import io.edgeway.gateway.rollout.RolloutWeight;
import io.edgeway.gateway.rollout.WeightOverlay;

/**
 * The weights the rollout controller sets over the committed ones, as last heard from it. Kept when the controller
 * cannot be reached: nothing advances then, and the last weight stays.
 */
public final class RolloutWeights {

    private volatile WeightOverlay overlay = WeightOverlay.NONE;

    /** The controller's weight for a route; {@code null} if it sets none. */
    public RolloutWeight forRoute(String routeId) {
        return overlay.routes().get(routeId);
    }

    public WeightOverlay current() {
        return overlay;
    }

    public void update(WeightOverlay overlay) {
        this.overlay = overlay == null ? WeightOverlay.NONE : overlay;
    }
}
