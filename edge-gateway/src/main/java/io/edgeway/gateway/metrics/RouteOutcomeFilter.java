package io.edgeway.gateway.metrics;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;

/**
 * Tells a request's {@link RequestOutcome} the route it matched, before any route filter runs; and, when the request
 * arrives at a circuit breaker's fallback because the circuit was open, that it was refused for that reason.
 */
public final class RouteOutcomeFilter implements GlobalFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        if (route != null) {
            RequestOutcome.routed(exchange, route);
        }
        if (exchange.getAttribute(ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR)
                instanceof CallNotPermittedException) {
            RequestOutcome.refused(exchange, RefusalReason.CIRCUIT_OPEN);
        }
        return chain.filter(exchange);
    }

    /** First of the global filters, before route access refuses anything. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
