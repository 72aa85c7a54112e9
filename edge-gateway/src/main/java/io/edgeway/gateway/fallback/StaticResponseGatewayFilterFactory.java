package io.edgeway.gateway.fallback;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.edgeway.gateway.rules.RouteRules;
import io.edgeway.gateway.rules.StaticResponseArgs;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;

/**
 * {@code StaticResponse}: answers from the config, never from a backend: a circuit breaker's fallback, a
 * maintenance page, {@code /robots.txt}.
 *
 * <pre>
 * - id: robots
 *   uri: no://op
 *   predicates: [ Path=/robots.txt ]
 *   filters:
 *     - name: StaticResponse
 *       args: { status: 200, content-type: text/plain, body: "User-agent: *\nDisallow: /" }
 * </pre>
 */
public class StaticResponseGatewayFilterFactory
        extends AbstractGatewayFilterFactory<StaticResponseGatewayFilterFactory.Config> {

    public StaticResponseGatewayFilterFactory() {
        super(Config.class);
    }

    @Override
    public String name() {
        return RouteRules.STATIC_RESPONSE.name();
    }

    @Override
    public List<String> shortcutFieldOrder() {
        return RouteRules.STATIC_RESPONSE.shortcutFieldOrder();
    }

    @Override
    public GatewayFilter apply(Config config) {
        config.validate();
        HttpStatus status = HttpStatus.valueOf(config.getStatus());
        MediaType contentType = MediaType.parseMediaType(config.getContentType());
        byte[] body = config.getBody().getBytes(StandardCharsets.UTF_8);
        String retryAfter = config.getRetryAfter() != null
                ? Long.toString(Math.max(1, config.getRetryAfter().toSeconds())) : null;
        return (exchange, chain) -> {
            ServerWebExchangeUtils.setAlreadyRouted(exchange);
            ServerHttpResponse response = exchange.getResponse();
            response.setStatusCode(status);
            response.getHeaders().setContentType(contentType);
            if (retryAfter != null) {
                response.getHeaders().set(HttpHeaders.RETRY_AFTER, retryAfter);
            }
            return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
        };
    }

    /** Arguments of {@code StaticResponse}: what they are and how they are checked is in {@link StaticResponseArgs}. */
    public static class Config extends StaticResponseArgs {
    }
}
