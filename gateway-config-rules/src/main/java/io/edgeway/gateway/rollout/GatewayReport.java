package io.edgeway.gateway.rollout;

import java.util.Map;

/**
 * What a gateway sends the rollout controller every second: its counts of each route's current step.
 *
 * @param gateway who reports (host and port), so a silent gateway can be told apart
 * @param routes counts by route id
 */
public record GatewayReport(String gateway, Map<String, StepCounts> routes) {

    public GatewayReport {
        routes = routes == null ? Map.of() : Map.copyOf(routes);
    }
}
