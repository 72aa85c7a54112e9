package io.edgeway.gateway.tracing;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Gives every traced response the header {@value #HEADER} with the request's trace id: what a client quotes to find
 * the request in the access log, in every service's logs, and in the trace store when the trace was sampled.
 */
public final class TraceIdResponseHeader implements WebFilter, Ordered {

    /** The response header. */
    public static final String HEADER = "X-Trace-Id";

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String traceId = TraceIds.of(exchange);
        if (traceId != null) {
            exchange.getResponse().getHeaders().set(HEADER, traceId);
        }
        return chain.filter(exchange);
    }

    /** Before any filter can answer, so that refusals carry it too. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
