package io.edgeway.gateway.client;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.edgeway.gateway.settings.ClientRequestProperties;
import io.edgeway.gateway.support.JsonErrorBody;
import io.edgeway.gateway.support.LiveProperties;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Refuses requests whose headers no honest client sends, before the security chain reads them: more header lines
 * than {@code edgeway.gateway.client-requests.max-headers} (431), more than one {@code Authorization} (400: which one
 * was checked and which one would a backend read?), and both {@code Content-Length} and {@code Transfer-Encoding}
 * (400: servers disagree on which one frames the body, the ground of request smuggling).
 */
public final class RequestHeaderLimitsFilter implements WebFilter, Ordered {

    /** Right after the client's address is known. */
    public static final int ORDER = ClientAddressFilter.ORDER + 1;

    private final LiveProperties<ClientRequestProperties> properties;

    public RequestHeaderLimitsFilter(LiveProperties<ClientRequestProperties> properties) {
        this.properties = properties;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        int max = properties.get().maxHeaders();
        AtomicInteger lines = new AtomicInteger();
        headers.forEach((name, values) -> lines.addAndGet(values.size()));
        if (lines.get() > max) {
            return refuse(exchange, HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "request_header_fields_too_large",
                    "a request may have at most " + max + " header lines, not " + lines.get());
        }
        List<String> authorization = headers.get(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.size() > 1) {
            return refuse(exchange, HttpStatus.BAD_REQUEST, "bad_request", "more than one Authorization header");
        }
        if (headers.containsHeader(HttpHeaders.CONTENT_LENGTH) && headers.containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
            return refuse(exchange, HttpStatus.BAD_REQUEST, "bad_request",
                    "Content-Length and Transfer-Encoding together");
        }
        return chain.filter(exchange);
    }

    private static Mono<Void> refuse(ServerWebExchange exchange, HttpStatus status, String error, String reason) {
        // The rest of a request that broke the rules is not worth reading: the connection closes after the answer.
        exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
        return JsonErrorBody.write(exchange, status, error, reason);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
