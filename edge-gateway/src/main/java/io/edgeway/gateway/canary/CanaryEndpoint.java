package io.edgeway.gateway.canary;

import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/canary}: per route, the configured canary weight and the split observed since the last
 * config refresh (requests counted by the version of the instance that served them).
 */
@Endpoint(id = "canary")
public class CanaryEndpoint {

    private final CanaryRoutes routes;

    public CanaryEndpoint(CanaryRoutes routes) {
        this.routes = routes;
    }

    @ReadOperation
    public Mono<Map<String, List<Map<String, Object>>>> canaries() {
        return routes.rules().map(CanaryRoutes::describe).collectList().map(list -> Map.of("routes", list));
    }
}
