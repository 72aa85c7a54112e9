package io.edgeway.gateway.tls;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * {@code Strict-Transport-Security} on every response to a request that came over TLS (never over plain HTTP, where
 * browsers ignore it), whatever the route or the backend answered: the gateway decides how its host is reached.
 */
public final class HstsHeaderFilter implements WebFilter, Ordered {

    static final String HEADER = "Strict-Transport-Security";

    private final String value;

    public HstsHeaderFilter(String value) {
        this.value = value;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (exchange.getRequest().getSslInfo() != null) {
            ServerHttpResponse response = exchange.getResponse();
            response.beforeCommit(() -> {
                response.getHeaders().set(HEADER, value);
                return Mono.empty();
            });
        }
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        // Before the security chain: refusals (401, 403) carry it too.
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
