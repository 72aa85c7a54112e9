package io.edgeway.gateway.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler;

import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.server.ServerWebExchange;

/** The trace id of a request: that of the server observation's span, which continues a client's traceparent. */
public final class TraceIds {

    private TraceIds() {
    }

    /** The request's trace id (32 hex digits), or null when the request is not traced. */
    public static String of(ServerWebExchange exchange) {
        Span span = span(exchange);
        return span != null ? span.context().traceId() : null;
    }

    /** The span of the gateway's server observation of the request, or null. */
    static Span span(ServerWebExchange exchange) {
        ServerRequestObservationContext observation = ServerRequestObservationContext
                .findCurrent(exchange.getAttributes()).orElse(null);
        if (observation == null) {
            return null;
        }
        TracingObservationHandler.TracingContext tracing = observation
                .get(TracingObservationHandler.TracingContext.class);
        return tracing != null ? tracing.getSpan() : null;
    }
}
