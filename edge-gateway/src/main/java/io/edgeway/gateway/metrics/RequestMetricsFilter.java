package io.edgeway.gateway.metrics;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Starts the {@link RequestOutcome} of every request, first of all web filters so that refusals by the security
 * chain count too, and has it recorded when the response commits: the latency is the time to the response's
 * headers, which is what the gateway decides and what a client waits for before anything arrives.
 */
public final class RequestMetricsFilter implements WebFilter, Ordered {

    private final RequestMeters meters;

    public RequestMetricsFilter(RequestMeters meters) {
        this.meters = meters;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        RequestOutcome outcome = new RequestOutcome(meters, exchange, System.nanoTime());
        exchange.getAttributes().put(RequestOutcome.ATTRIBUTE, outcome);
        exchange.getResponse().beforeCommit(outcome);
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
