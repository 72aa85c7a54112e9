package io.edgeway.gateway.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.edgeway.gateway.metrics.RefusalReason;
import io.edgeway.gateway.metrics.RequestOutcome;
import io.edgeway.gateway.rules.RateLimitArgs;
import io.edgeway.gateway.rules.RouteRules;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.support.HasRouteId;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

import io.edgeway.gateway.support.JsonErrorBody;
import io.edgeway.gateway.support.PolicyFilter;
import io.edgeway.gateway.support.RequestKey;

/**
 * {@code RateLimit}: each client gets {@code requests} per {@code period} on this route (bursts up to
 * {@code burst}); past that, 429 with {@code Retry-After}, without touching the backend.
 *
 * <pre>
 * filters:
 *   - name: RateLimit
 *     args: { requests: 20, period: 1s, burst: 40, key: "subject, header:X-Api-Key, ip" }
 * </pre>
 *
 * Buckets live in this gateway's memory, or in Redis shared by every gateway ({@link ClientRateLimiters},
 * {@code edgeway.gateway.rate-limit.store}); local ones start full again when a refresh rebuilds the route. A
 * request with none of the keys is not limited ({@code outcome=unkeyed}), nor is one that Redis could not be asked
 * about ({@code outcome=failed-open}).
 */
public class RateLimitGatewayFilterFactory extends AbstractGatewayFilterFactory<RateLimitGatewayFilterFactory.Config> {

    /**
     * Counter of requests per route and outcome ({@code allowed}, {@code limited}, {@code unkeyed},
     * {@code failed-open}).
     */
    public static final String REQUESTS_METRIC = "edgeway.ratelimit.requests";

    private static final String COUNTED_ATTR = RateLimitGatewayFilterFactory.class.getName() + ".counted";

    private final ClientRateLimiters limiters;

    private final MeterRegistry meters;

    public RateLimitGatewayFilterFactory(ClientRateLimiters limiters, MeterRegistry meters) {
        super(Config.class);
        this.limiters = limiters;
        this.meters = meters;
    }

    @Override
    public String name() {
        return RouteRules.RATE_LIMIT.name();
    }

    @Override
    public List<String> shortcutFieldOrder() {
        return RouteRules.RATE_LIMIT.shortcutFieldOrder();
    }

    @Override
    public GatewayFilter apply(Config config) {
        String routeId = String.valueOf(config.getRouteId());
        ClientRateLimiter limiter = limiters.create(routeId, TokenBucketLimit.of(config));
        RequestKey key = RequestKey.parse(config.getKey());
        // The route's counter of each outcome, looked up in the registry once (a look-up per request cost CPU).
        Map<String, Counter> counters = new ConcurrentHashMap<>();
        return new PolicyFilter(name(), (exchange, chain) -> {
            if (exchange.getAttributes().putIfAbsent(COUNTED_ATTR, Boolean.TRUE) != null) {
                return chain.filter(exchange); // a retry: the client paid for this request already
            }
            return key.resolve(exchange).flatMap(client -> {
                if (client.isEmpty()) {
                    count(counters, routeId, "unkeyed");
                    return chain.filter(exchange);
                }
                return limiter.tryAcquire(client.get()).flatMap(decision -> switch (decision.outcome()) {
                    case ALLOWED -> {
                        count(counters, routeId, "allowed");
                        exchange.getResponse().getHeaders().set("X-RateLimit-Remaining",
                                Long.toString(decision.remaining()));
                        yield chain.filter(exchange);
                    }
                    case FAILED_OPEN -> {
                        count(counters, routeId, "failed-open");
                        yield chain.filter(exchange);
                    }
                    case LIMITED -> {
                        count(counters, routeId, "limited");
                        yield refuse(exchange, decision.retryAfter());
                    }
                });
            });
        });
    }

    private void count(Map<String, Counter> counters, String routeId, String outcome) {
        counters.computeIfAbsent(outcome, o -> meters.counter(REQUESTS_METRIC, "route", routeId, "outcome", o))
                .increment();
    }

    private static Mono<Void> refuse(ServerWebExchange exchange, Duration retryAfter) {
        RequestOutcome.refused(exchange, RefusalReason.RATE_LIMITED);
        long seconds = Math.max(1, retryAfter.plusNanos(999_999_999L).toSeconds());
        ServerHttpResponse response = exchange.getResponse();
        response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        response.getHeaders().set("X-RateLimit-Remaining", "0");
        return JsonErrorBody.write(exchange, HttpStatus.TOO_MANY_REQUESTS, "rate_limited",
                "request rate limit reached; retry after " + seconds + " s");
    }

    /** Arguments of {@code RateLimit}: what they are and how they are checked is in {@link RateLimitArgs}. */
    public static class Config extends RateLimitArgs implements HasRouteId {
    }
}
