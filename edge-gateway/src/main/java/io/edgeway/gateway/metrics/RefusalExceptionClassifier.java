package io.edgeway.gateway.metrics;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import reactor.core.publisher.Mono;
// Reactor Netty's own (shaded) reactor-pool: the only type that says "no pooled connection was free in time".
import reactor.netty.internal.shaded.reactor.pool.PoolAcquireTimeoutException;

import org.springframework.cloud.gateway.support.NotFoundException;
import org.springframework.cloud.gateway.support.ServiceUnavailableException;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Names the refusals that reach the client as errors (no instance, an open circuit without fallback, no free
 * pooled connection) in the request's {@link RequestOutcome}, and passes every error on to the handlers that answer.
 */
public final class RefusalExceptionClassifier implements WebExceptionHandler, Ordered {

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        RefusalReason reason = reason(ex);
        if (reason != null) {
            RequestOutcome.refused(exchange, reason);
        }
        return Mono.error(ex);
    }

    /** The refusal an error stands for, or null if it is none of them. */
    public static RefusalReason reason(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof NotFoundException) {
                return RefusalReason.NO_INSTANCE;
            }
            // Spring Cloud Gateway's circuit breaker filter answers an open circuit with this exception, and only it.
            if (cause instanceof ServiceUnavailableException || cause instanceof CallNotPermittedException) {
                return RefusalReason.CIRCUIT_OPEN;
            }
            if (cause instanceof PoolAcquireTimeoutException) {
                return RefusalReason.BACKEND_BUSY;
            }
        }
        return null;
    }

    /** Before every handler that answers (the gateway's own at -2, Boot's at -1). */
    @Override
    public int getOrder() {
        return -3;
    }
}
