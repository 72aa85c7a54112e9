package io.edgeway.gateway.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * Sends each proxied request on with the W3C {@code traceparent} of the gateway's server span (and whatever else the
 * propagator writes), replacing what the client sent, so that a backend's spans are children of the gateway's.
 *
 * <p>Spring Cloud Gateway can do this through a client observation of every proxied call, but that observation is
 * off ({@code spring.cloud.gateway.server.webflux.observability.enabled: false}) for what it cost per request; one
 * header written from the span that already exists costs next to nothing.
 */
public final class TraceContextToBackend implements HttpHeadersFilter {

    private final Propagator propagator;

    public TraceContextToBackend(Propagator propagator) {
        this.propagator = propagator;
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        Span span = TraceIds.span(exchange);
        if (span == null) {
            return input;
        }
        HttpHeaders headers = new HttpHeaders();
        headers.putAll(input);
        propagator.fields().forEach(headers::remove);
        propagator.inject(span.context(), headers, HttpHeaders::set);
        return headers;
    }
}
