package io.edgeway.gateway.pool;

import java.net.URI;

import io.edgeway.gateway.support.JsonErrorBody;
import reactor.core.publisher.Mono;
// Reactor Netty's own (shaded) reactor-pool: the only type that says "no pooled connection was free in time".
import reactor.netty.internal.shaded.reactor.pool.PoolAcquireTimeoutException;

import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * A request that found every pooled connection to its backend instance busy for the whole acquire timeout: 503
 * {@code backend_busy} with the instance and the limits, instead of the 500 of an unknown error.
 */
public final class BackendBusyHandler implements WebExceptionHandler, Ordered {

    private final HttpClientProperties.Pool pool;

    public BackendBusyHandler(HttpClientProperties properties) {
        this.pool = properties.getPool();
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        if (!isAcquireTimeout(ex) || exchange.getResponse().isCommitted()) {
            return Mono.error(ex);
        }
        URI backend = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
        String instance = backend == null ? "the backend" : backend.getHost() + ":" + backend.getPort();
        String reason = "no connection to " + instance + " was free within " + pool.getAcquireTimeout()
                + " ms (at most " + pool.getMaxConnections() + " per backend instance)";
        return JsonErrorBody.write(exchange.getResponse(), HttpStatus.SERVICE_UNAVAILABLE, "backend_busy", reason);
    }

    /**
     * Whether the error is the pool's acquire timeout: the gateway's own limit on connections to the instance, which
     * says nothing of the instance's health.
     */
    public static boolean isAcquireTimeout(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof PoolAcquireTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** Before Spring Boot's error handler (order -1), which would answer 500. */
    @Override
    public int getOrder() {
        return -2;
    }
}
