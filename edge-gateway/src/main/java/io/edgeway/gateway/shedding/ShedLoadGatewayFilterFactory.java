package io.edgeway.gateway.shedding;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;

import com.netflix.concurrency.limits.Limiter;
import io.edgeway.gateway.metrics.RefusalReason;
import io.edgeway.gateway.metrics.RequestOutcome;
import io.edgeway.gateway.rules.RouteRules;
import io.edgeway.gateway.rules.ShedLoadArgs;
import io.edgeway.gateway.settings.Priority;
import io.edgeway.gateway.settings.SheddingProperties;
import io.edgeway.gateway.support.JsonErrorBody;
import io.edgeway.gateway.support.PolicyFilter;
import io.edgeway.gateway.support.TokenScopes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.HasRouteId;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code ShedLoad}: admits a route's requests only while its backend keeps up, and refuses the rest at once with
 * 503 and {@code Retry-After}, lowest priority first.
 *
 * <pre>
 * filters:
 *   - name: ShedLoad
 *     args: { priority: best-effort }     # critical | default | best-effort; limiter: defaults to the lb:// service
 * </pre>
 *
 * Callers whose token has {@code edgeway.gateway.shedding.priority-scope} may set their class with
 * {@code priority-header}; for anyone else the header is ignored.
 */
public class ShedLoadGatewayFilterFactory extends AbstractGatewayFilterFactory<ShedLoadGatewayFilterFactory.Config> {

    /** Counter of requests per limiter, priority and outcome ({@code admitted} or {@code shed}). */
    public static final String REQUESTS_METRIC = "edgeway.shedding.requests";

    private static final String ADMITTED_ATTR = ShedLoadGatewayFilterFactory.class.getName() + ".admitted";

    private final ConcurrencyLimiters limiters;

    private final MeterRegistry meters;

    /** The request counters by limiter, then by priority: looking one up in the registry is costly per request. */
    private final Map<String, AtomicReferenceArray<Outcomes>> counters = new ConcurrentHashMap<>();

    public ShedLoadGatewayFilterFactory(ConcurrencyLimiters limiters, MeterRegistry meters) {
        super(Config.class);
        this.limiters = limiters;
        this.meters = meters;
    }

    @Override
    public String name() {
        return RouteRules.SHED_LOAD.name();
    }

    @Override
    public List<String> shortcutFieldOrder() {
        return RouteRules.SHED_LOAD.shortcutFieldOrder();
    }

    @Override
    public GatewayFilter apply(Config config) {
        config.validate();
        Priority priority = Priority.parse(config.getPriority());
        String limiterName = config.getLimiter();
        return new PolicyFilter(name(), (exchange, chain) -> {
            if (exchange.getAttributes().containsKey(ADMITTED_ATTR)) {
                return admittedAgain(exchange, chain);
            }
            return effectivePriority(exchange, priority).flatMap(p -> admit(exchange, chain, p,
                    limiters.get(limiterName != null ? limiterName : defaultLimiterName(exchange, config))));
        });
    }

    private Mono<Void> admit(ServerWebExchange exchange, GatewayFilterChain chain, Priority priority,
            PriorityLimiter limiter) {
        Optional<Limiter.Listener> permit = limiter.tryAcquire(priority);
        AtomicReferenceArray<Outcomes> byClass = counters.computeIfAbsent(limiter.name(),
                name -> new AtomicReferenceArray<>(Priority.values().length));
        Outcomes outcomes = byClass.get(priority.ordinal());
        if (outcomes == null) {
            // A race registers the same counters twice: the registry returns the ones it has.
            outcomes = Outcomes.register(meters, limiter.name(), priority.label());
            byClass.set(priority.ordinal(), outcomes);
        }
        (permit.isPresent() ? outcomes.admitted() : outcomes.shed()).increment();
        if (permit.isEmpty()) {
            return refuse(exchange, limiter, priority);
        }
        exchange.getAttributes().put(ADMITTED_ATTR, limiter);
        return release(exchange, chain, permit.get());
    }

    /**
     * A retry of an admitted request: another attempt on the backend, so it needs a permit again, as best-effort
     * traffic, so that retries are the first load to go when the backend struggles.
     */
    private Mono<Void> admittedAgain(ServerWebExchange exchange, GatewayFilterChain chain) {
        PriorityLimiter limiter = exchange.getAttribute(ADMITTED_ATTR);
        return limiter.tryAcquire(Priority.BEST_EFFORT).map(permit -> release(exchange, chain, permit))
                .orElseGet(() -> refuse(exchange, limiter, Priority.BEST_EFFORT));
    }

    private static Mono<Void> release(ServerWebExchange exchange, GatewayFilterChain chain, Limiter.Listener permit) {
        AtomicBoolean released = new AtomicBoolean();
        return chain.filter(exchange)
                .doOnError(error -> {
                    if (released.compareAndSet(false, true)) {
                        if (error instanceof TimeoutException || error.getCause() instanceof TimeoutException) {
                            permit.onDropped();
                        }
                        else {
                            permit.onIgnore();
                        }
                    }
                })
                .doFinally(signal -> {
                    if (released.compareAndSet(false, true)) {
                        if (signal == SignalType.CANCEL) {
                            permit.onIgnore();
                        }
                        else if (overloaded(exchange.getResponse().getStatusCode())) {
                            permit.onDropped();
                        }
                        else {
                            permit.onSuccess();
                        }
                    }
                });
    }

    /** The backend itself says it is overloaded. */
    private static boolean overloaded(HttpStatusCode status) {
        return status != null && (status.value() == 503 || status.value() == 504 || status.value() == 429);
    }

    private Mono<Priority> effectivePriority(ServerWebExchange exchange, Priority configured) {
        SheddingProperties settings = limiters.settings();
        String requested = exchange.getRequest().getHeaders().getFirst(settings.priorityHeader());
        if (requested == null) {
            return Mono.just(configured);
        }
        return exchange.getPrincipal().filter(p -> TokenScopes.has(p, settings.priorityScope()))
                .map(p -> parseOr(requested, configured)).defaultIfEmpty(configured);
    }

    private static Priority parseOr(String value, Priority fallback) {
        try {
            return Priority.parse(value);
        }
        catch (IllegalArgumentException ex) {
            return fallback;
        }
    }


    private static String defaultLimiterName(ServerWebExchange exchange, Config config) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        URI uri = route != null ? route.getUri() : null;
        if (uri != null && "lb".equals(uri.getScheme()) && uri.getHost() != null) {
            return uri.getHost();
        }
        return route != null ? route.getId() : String.valueOf(config.getRouteId());
    }

    private Mono<Void> refuse(ServerWebExchange exchange, PriorityLimiter limiter, Priority priority) {
        RequestOutcome.refused(exchange, RefusalReason.SHED);
        ServerHttpResponse response = exchange.getResponse();
        long seconds = Math.max(1, (limiters.settings().retryAfter().toMillis() + 999) / 1000);
        response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        return JsonErrorBody.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "overloaded", limiter.name()
                + " is at its concurrency limit for " + priority.label() + " requests; retry after " + seconds + " s");
    }

    /** Arguments of {@code ShedLoad}: what they are and how they are checked is in {@link ShedLoadArgs}. */
    public static class Config extends ShedLoadArgs implements HasRouteId {
    }

    /**
     * Both outcomes' counters, registered together: a shed counter that appears only with the first shed request
     * makes that first scrape its baseline, so a short burst of shedding would never show in a rate.
     */
    private record Outcomes(Counter admitted, Counter shed) {

        static Outcomes register(MeterRegistry meters, String limiter, String priority) {
            return new Outcomes(
                    meters.counter(REQUESTS_METRIC, "limiter", limiter, "priority", priority, "outcome", "admitted"),
                    meters.counter(REQUESTS_METRIC, "limiter", limiter, "priority", priority, "outcome", "shed"));
        }
    }

}
