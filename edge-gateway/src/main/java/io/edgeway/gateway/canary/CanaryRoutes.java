package io.edgeway.gateway.canary;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Flux;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.OrderedGatewayFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;

import io.edgeway.gateway.canary.CanaryGatewayFilterFactory.CanaryFilter;

/** The canary rules of the routes in force now, with what each configured and observed. */
public final class CanaryRoutes {

    private final RouteLocator routes;

    public CanaryRoutes(RouteLocator routes) {
        this.routes = routes;
    }

    /** Every canary rule of the current routes; routes removed by a refresh are gone. */
    public Flux<CanaryFilter> rules() {
        return routes.getRoutes().flatMapIterable(CanaryRoutes::canaryFilters);
    }

    static List<CanaryFilter> canaryFilters(Route route) {
        return route.getFilters().stream().map(CanaryRoutes::unwrap).filter(CanaryFilter.class::isInstance)
                .map(CanaryFilter.class::cast).toList();
    }

    private static GatewayFilter unwrap(GatewayFilter filter) {
        return filter instanceof OrderedGatewayFilter ordered ? ordered.getDelegate() : filter;
    }

    /** One rule as the actuator shows it. */
    public static Map<String, Object> describe(CanaryFilter rule) {
        CanarySplit split = rule.split();
        Map<String, Long> served = rule.served();
        long stable = served.getOrDefault(split.stable(), 0L);
        long canary = served.getOrDefault(split.canary(), 0L);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("route", rule.routeId());
        view.put("stable", split.stable());
        view.put("canary", split.canary());
        view.put("configuredWeight", split.weight());
        // The rollout controller's weight, when it sets one; what requests are split by.
        view.put("weightInForce", rule.splitInForce().weight());
        view.put("rolloutStep", rule.rolloutStep());
        view.put("key", rule.keySpec());
        view.put("overrideHeader", rule.overrideHeader());
        view.put("served", served);
        view.put("observedWeight", stable + canary == 0 ? null : 100.0 * canary / (stable + canary));
        return view;
    }
}
