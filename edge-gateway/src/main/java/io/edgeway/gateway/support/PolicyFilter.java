package io.edgeway.gateway.support;

import java.util.Set;
import java.util.stream.Collectors;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.OrderedGatewayFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.web.server.ServerWebExchange;

/**
 * A traffic-policy filter that a built route can be asked about ({@link #on}): which of the gateway's policies
 * ({@code RateLimit}, {@code ShedLoad}) a route sets itself, where defaults would otherwise apply.
 *
 * @param policy the filter's name, as routes write it
 * @param delegate what it does
 */
public record PolicyFilter(String policy, GatewayFilter delegate) implements GatewayFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return delegate.filter(exchange, chain);
    }

    /** The policies a route's own filters set. */
    public static Set<String> on(Route route) {
        return route.getFilters().stream()
                .map(filter -> filter instanceof OrderedGatewayFilter ordered ? ordered.getDelegate() : filter)
                .filter(PolicyFilter.class::isInstance).map(filter -> ((PolicyFilter) filter).policy())
                .collect(Collectors.toUnmodifiableSet());
    }
}
