package io.edgeway.gateway.retry;

import java.io.IOException;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.edgeway.gateway.loadbalancer.PowerOfTwoChoicesLoadBalancer;
import io.edgeway.gateway.settings.EdgeGatewayProperties;
import io.edgeway.gateway.settings.RetryBudgetProperties;
import io.edgeway.gateway.support.LiveProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebExchangeDecorator;

/**
 * Retries an idempotent request on another instance when the connection to its instance fails, before or during
 * the response, as long as nothing was sent to the client yet.
 *
 * <p>Spring Cloud Gateway's Retry filter cannot do the second half: the response body is written by
 * {@link NettyWriteResponseFilter}, outside every route filter, so an instance that dies mid-response reaches the
 * client as a truncated 200. This filter sits outside that writer and holds the first
 * {@code edgeway.gateway.retry.held-body-size} of each response until it is complete (or that size is passed), so
 * such a failure surfaces before the response is committed. Which instance a retry goes to is decided by
 * {@code PowerOfTwoChoicesLoadBalancer}: one the request has not tried. Retries stay within a {@link RetryBudget}
 * per service, so that they cannot multiply the load on a service that is failing as a whole.
 */
@Component
public class RetryIdempotentRequestsFilter implements GlobalFilter, Ordered {

    /** What an attempt chose: the instance and the URL its request went to. */
    private static final List<String> TARGET_ATTRIBUTES = List.of(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR,
            ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR);

    private final LiveProperties<EdgeGatewayProperties> settings;

    private final MeterRegistry meters;

    private final Map<String, RetryBudget> budgets = new ConcurrentHashMap<>();

    RetryIdempotentRequestsFilter(LiveProperties<EdgeGatewayProperties> settings, MeterRegistry meters) {
        this.settings = settings;
        this.meters = meters;
        settings.onChange(changed -> budgets.clear());
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        EdgeGatewayProperties.Retry retry = settings.get().retry();
        if (retry.retries() <= 0 || !retry.methods().contains(exchange.getRequest().getMethod().name())) {
            return chain.filter(exchange);
        }
        String service = service(exchange);
        RetryBudget budget = budgets.computeIfAbsent(service, name -> newBudget(name, retry.budget()));
        budget.onRequest();
        ServerWebExchange held = exchange.mutate()
                .response(new HeldResponse(exchange.getResponse(), retry.heldBodySize().toBytes())).build();
        // Shared by every attempt, so that a retry goes to an instance the request has not tried.
        exchange.getAttributes().computeIfAbsent(PowerOfTwoChoicesLoadBalancer.TRIED_INSTANCES_ATTR,
                key -> new HashSet<String>());
        AtomicReference<ServerWebExchange> attempt = new AtomicReference<>();
        return Mono.defer(() -> chain.filter(attempt.updateAndGet(previous -> new Attempt(held, previous))))
                .retryWhen(Retry.max(retry.retries())
                        .filter(ex -> ex instanceof IOException && !exchange.getResponse().isCommitted()
                                && withinBudget(budget, service))
                        .doBeforeRetry(signal -> {
                            meters.counter("edgeway.retry.retries", "service", service).increment();
                            ServerWebExchangeUtils.reset(attempt.get());
                        })
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
                .doOnError(failure -> lastTarget(attempt.get(), exchange));
    }

    /**
     * Shows the error handlers where the last attempt went (its instance and URL live in its own attributes), so that
     * an answer such as 502 {@code backend_unreachable} names the instance that failed last.
     */
    private static void lastTarget(ServerWebExchange last, ServerWebExchange exchange) {
        if (last == null) {
            return;
        }
        for (String key : TARGET_ATTRIBUTES) {
            Object value = last.getAttributes().get(key);
            if (value != null) {
                exchange.getAttributes().put(key, value);
            }
        }
    }

    private boolean withinBudget(RetryBudget budget, String service) {
        if (budget.tryRetry()) {
            return true;
        }
        meters.counter("edgeway.retry.budget.exhausted", "service", service).increment();
        return false;
    }

    private RetryBudget newBudget(String service, RetryBudgetProperties properties) {
        Gauge.builder("edgeway.retry.budget.balance", budgets, all -> {
            RetryBudget budget = all.get(service);
            return budget != null ? budget.balance() : Double.NaN;
        }).tag("service", service).description("Retries saved up in the service's budget").register(meters);
        // At 0 from the service's first request: a dashboard shows "none yet" instead of no data, and a rate over
        // the first exhaustion counts it (Prometheus takes a series' first sample as its baseline).
        meters.counter("edgeway.retry.retries", "service", service);
        meters.counter("edgeway.retry.budget.exhausted", "service", service);
        return new RetryBudget(properties, System::nanoTime);
    }

    /** The service a request goes to ({@code lb://} host, else the route id): the unit of a retry budget. */
    private static String service(ServerWebExchange exchange) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        URI uri = route != null ? route.getUri() : null;
        if (uri != null && "lb".equals(uri.getScheme()) && uri.getHost() != null) {
            return uri.getHost();
        }
        return route != null ? route.getId() : "unrouted";
    }

    /** Outside the response writer, so that the body write is part of what is retried. */
    @Override
    public int getOrder() {
        return NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 1;
    }

    /**
     * One attempt's view of the exchange: its own copy of the attributes. A failed attempt's clean-up runs after the
     * next attempt has started (NettyWriteResponseFilter disposes the client connection found in the attributes);
     * with shared attributes it found the new attempt's connection and cut its response to an empty 200.
     *
     * <p>What the gateway's own filters decided for the client request (attributes named under
     * {@value #REQUEST_DECISIONS}: the rate-limit charge, the canary version, the shedding admission) carries over
     * from the previous attempt, so that a retry sees it and does not decide again. Everything else starts from the
     * exchange as it was before the first attempt: the routing state of Spring Cloud Gateway and of other filters
     * (the chosen instance, the connection, markers such as PrefixPath's "already prefixed") belongs to one attempt,
     * whose request the retry rebuilds from the original.
     */
    static final class Attempt extends ServerWebExchangeDecorator {

        /** Namespace of the attributes that describe the client request rather than one attempt. */
        static final String REQUEST_DECISIONS = "io.edgeway.";

        private final Map<String, Object> attributes;

        Attempt(ServerWebExchange exchange, ServerWebExchange previous) {
            super(exchange);
            this.attributes = new ConcurrentHashMap<>(exchange.getAttributes());
            if (previous != null) {
                previous.getAttributes().forEach((key, value) -> {
                    if (key.startsWith(REQUEST_DECISIONS)) {
                        attributes.put(key, value);
                    }
                });
            }
        }

        @Override
        public Map<String, Object> getAttributes() {
            return attributes;
        }
    }

    /** Writes nothing until the body is complete or longer than the limit; the rest then streams. */
    static final class HeldResponse extends ServerHttpResponseDecorator {

        private final long limit;

        HeldResponse(ServerHttpResponse delegate, long limit) {
            super(delegate);
            this.limit = limit;
        }

        @Override
        public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
            if (isCommitted()) {
                // Nothing can be written any more (a fallback forward already answered, and the backend's own body
                // still comes): the writer below would drop these buffers without releasing them.
                return Flux.from(body).doOnNext(DataBufferUtils::release).then();
            }
            AtomicLong seen = new AtomicLong();
            Flux<DataBuffer> batches = Flux.<DataBuffer>from(body)
                    .bufferUntil(buffer -> seen.addAndGet(buffer.readableByteCount()) > limit)
                    .map(buffers -> bufferFactory().join(buffers))
                    .doOnDiscard(DataBuffer.class, DataBufferUtils::release);
            return super.writeWith(batches);
        }
    }
}
