package io.edgeway.gateway.metrics;

import java.util.function.Supplier;

import reactor.core.publisher.Mono;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;

/**
 * What happened to one client request (its route, the version of the instance that served it, a refusal), filled in
 * as it passes the gateway and recorded in {@link RequestMeters} when its response is committed, so the status is
 * the one the client gets, whoever set it (a backend, a filter, an error handler).
 *
 * <p>One object per request, kept under an attribute that every retry attempt carries over (its name is in the
 * {@code io.edgeway.} namespace of request decisions), so what an attempt learns reaches the request.
 */
public final class RequestOutcome implements Supplier<Mono<Void>> {

    static final String ATTRIBUTE = "io.edgeway.gateway.metrics.outcome";

    /** The version tag of a request that no instance served. */
    static final String NO_VERSION = "none";

    /** The version tag of an instance without {@code version} metadata. */
    static final String UNVERSIONED = "unversioned";

    private final RequestMeters meters;

    private final ServerWebExchange exchange;

    private final long startNanos;

    private volatile String route;

    private volatile String version = NO_VERSION;

    private volatile RefusalReason refusal;

    RequestOutcome(RequestMeters meters, ServerWebExchange exchange, long startNanos) {
        this.meters = meters;
        this.exchange = exchange;
        this.startNanos = startNanos;
    }

    /** Marks the request as refused by the gateway for this reason (the first reason given counts). */
    public static void refused(ServerWebExchange exchange, RefusalReason reason) {
        RequestOutcome outcome = exchange.getAttribute(ATTRIBUTE);
        if (outcome != null && outcome.refusal == null) {
            outcome.refusal = reason;
        }
    }

    /** The instance the load balancer chose for the request (the last attempt's counts). */
    public static void servedBy(ServerWebExchange exchange, ServiceInstance instance, String versionKey) {
        RequestOutcome outcome = exchange.getAttribute(ATTRIBUTE);
        if (outcome != null) {
            String version = instance.getMetadata().get(versionKey);
            outcome.version = version != null ? version : UNVERSIONED;
        }
    }

    /** The route that matched first: a fallback forwarded to later does not replace it. */
    static void routed(ServerWebExchange exchange, Route route) {
        RequestOutcome outcome = exchange.getAttribute(ATTRIBUTE);
        if (outcome != null && outcome.route == null) {
            outcome.route = route.getId();
        }
    }

    /** Records the request as its response commits. */
    @Override
    public Mono<Void> get() {
        String routeId = route;
        RefusalReason reason = refusal;
        if (routeId == null) {
            Route matched = exchange.getAttribute(
                    org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
            routeId = matched != null ? matched.getId() : null;
        }
        // Neither routed nor refused: an unknown path (404) or the actuator, which are not route traffic.
        if (routeId != null || reason != null) {
            HttpStatusCode status = exchange.getResponse().getStatusCode();
            meters.record(routeId != null ? routeId : RequestMeters.NO_ROUTE, version,
                    status != null ? status.value() : 200, reason, System.nanoTime() - startNanos);
        }
        return Mono.empty();
    }
}
