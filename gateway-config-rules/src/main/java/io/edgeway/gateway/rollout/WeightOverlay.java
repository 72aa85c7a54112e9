package io.edgeway.gateway.rollout;

import java.util.Map;

/**
 * The rollout controller's weights over the committed ones, by route id: the same document for every gateway.
 *
 * @param commit the config commit the controller read the plans from ({@code null} before it read any)
 * @param routes weight by route id; a route without one runs its committed weight
 */
public record WeightOverlay(String commit, Map<String, RolloutWeight> routes) {

    /** No weights: every route runs as committed. */
    public static final WeightOverlay NONE = new WeightOverlay(null, Map.of());

    public WeightOverlay {
        routes = routes == null ? Map.of() : Map.copyOf(routes);
    }
}
