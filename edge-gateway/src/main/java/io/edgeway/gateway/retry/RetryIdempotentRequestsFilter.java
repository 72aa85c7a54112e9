package io.edgeway.gateway.retry;

import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.edgeway.gateway.config.EdgeGatewayProperties;
import io.edgeway.gateway.config.EdgeGatewaySettings;
import io.edgeway.gateway.loadbalancer.RetryAwareRoundRobinLoadBalancer;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
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
 * {@code edge-gateway.retry.held-body-size} of each response until it is complete (or that size is passed), so such a
 * failure surfaces before the response is committed. Which instance a retry goes to is decided by
 * {@code RetryAwareRoundRobinLoadBalancer}: one the request has not tried.
 */
@Component
public class RetryIdempotentRequestsFilter implements GlobalFilter, Ordered {

    private final EdgeGatewaySettings settings;

    RetryIdempotentRequestsFilter(EdgeGatewaySettings settings) {
        this.settings = settings;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        EdgeGatewayProperties.Retry retry = settings.current().retry();
        if (retry.retries() <= 0 || !retry.methods().contains(exchange.getRequest().getMethod().name())) {
            return chain.filter(exchange);
        }
        ServerWebExchange held = exchange.mutate()
                .response(new HeldResponse(exchange.getResponse(), retry.heldBodySize().toBytes())).build();
        // Shared by every attempt, so that a retry goes to an instance the request has not tried.
        exchange.getAttributes().computeIfAbsent(RetryAwareRoundRobinLoadBalancer.TRIED_INSTANCES_ATTR,
                key -> new HashSet<String>());
        AtomicReference<ServerWebExchange> attempt = new AtomicReference<>();
        return Mono.defer(() -> chain.filter(attempt.updateAndGet(previous -> new Attempt(held))))
                .retryWhen(Retry.max(retry.retries())
                        .filter(ex -> ex instanceof IOException && !exchange.getResponse().isCommitted())
                        .doBeforeRetry(signal -> ServerWebExchangeUtils.reset(attempt.get()))
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()));
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
     */
    static final class Attempt extends ServerWebExchangeDecorator {

        private final Map<String, Object> attributes;

        Attempt(ServerWebExchange exchange) {
            super(exchange);
            this.attributes = new ConcurrentHashMap<>(exchange.getAttributes());
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
            AtomicLong seen = new AtomicLong();
            Flux<DataBuffer> batches = Flux.<DataBuffer>from(body)
                    .bufferUntil(buffer -> seen.addAndGet(buffer.readableByteCount()) > limit)
                    .map(buffers -> bufferFactory().join(buffers))
                    .doOnDiscard(DataBuffer.class, DataBufferUtils::release);
            return super.writeWith(batches);
        }
    }
}
