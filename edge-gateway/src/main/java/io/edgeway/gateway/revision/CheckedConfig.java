package io.edgeway.gateway.revision;

import java.util.List;

import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.route.Route;

/**
 * What checking a candidate config found: its problems (empty when it may be applied), the gateway's route properties
 * as the candidate sets them (null when they do not bind) and, when the commit changes nothing but routes, its routes
 * (otherwise empty: they were built under settings the commit changes), so that applying it binds and builds neither
 * again.
 */
record CheckedConfig(List<String> problems, GatewayProperties gateway, List<Route> routes) {

    CheckedConfig {
        problems = List.copyOf(problems);
        routes = List.copyOf(routes);
    }
}
