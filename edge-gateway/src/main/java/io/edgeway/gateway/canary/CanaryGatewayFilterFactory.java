package io.edgeway.gateway.canary;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import io.edgeway.gateway.rules.CanaryArgs;
import io.edgeway.gateway.rules.RouteRules;
import io.edgeway.gateway.settings.CanaryProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.support.HasRouteId;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;

import io.edgeway.gateway.support.JsonErrorBody;
import io.edgeway.gateway.support.RequestKey;
import io.edgeway.gateway.support.TokenScopes;

/**
 * {@code Canary}: sends a share of a route's traffic to the canary version of its service, sticky per user.
 *
 * <pre>
 * filters:
 *   - name: Canary
 *     args: { stable: v1, canary: v2, weight: 5, key: "subject, header:X-User-Id", override-header: X-Canary }
 * </pre>
 *
 * The filter only decides (see {@link CanarySplit}); {@link CanaryInstanceFilter} makes the load balancer keep to
 * the decided version. Each route build makes a new filter, so a refresh leaves nothing of the old weights.
 *
 * <p>The override header counts only for callers whose token has {@code edgeway.gateway.canary.override-scope}; for
 * anyone else it is ignored (as a header one is not entitled to, not an error) and removed before the backend.
 */
public class CanaryGatewayFilterFactory extends AbstractGatewayFilterFactory<CanaryGatewayFilterFactory.Config> {

    /** Counter of requests per route, assigned and serving version. */
    public static final String REQUESTS_METRIC = "edgeway.canary.requests";

    private final MeterRegistry meters;

    private final Supplier<CanaryProperties> settings;

    public CanaryGatewayFilterFactory(MeterRegistry meters, Supplier<CanaryProperties> settings) {
        super(Config.class);
        this.meters = meters;
        this.settings = settings;
    }

    @Override
    public String name() {
        return RouteRules.CANARY.name();
    }

    @Override
    public List<String> shortcutFieldOrder() {
        return RouteRules.CANARY.shortcutFieldOrder();
    }

    @Override
    public GatewayFilter apply(Config config) {
        config.validate();
        String routeId = config.getRouteId() != null ? config.getRouteId() : "unnamed";
        CanarySplit split = new CanarySplit(config.getStable(), config.getCanary(), config.getWeight(),
                config.getSalt() != null ? config.getSalt() : routeId);
        return new CanaryFilter(routeId, split, RequestKey.parse(config.getKey()), config.getOverrideHeader(),
                config.getKey(), meters, settings);
    }

    /** Arguments of {@code Canary}: what they are and how they are checked is in {@link CanaryArgs}. */
    public static class Config extends CanaryArgs implements HasRouteId {
    }

    /** One route's canary rule with the split it observed since it was built. */
    public static final class CanaryFilter implements GatewayFilter {

        private final String routeId;

        private final CanarySplit split;

        private final RequestKey key;

        private final String overrideHeader;

        private final String keySpec;

        private final MeterRegistry meters;

        private final Supplier<CanaryProperties> settings;

        private final Map<String, LongAdder> served = new ConcurrentHashMap<>();

        /** The request counters by assigned and serving version (a registry look-up per request is costly). */
        private final Map<String, Map<String, Counter>> counters = new ConcurrentHashMap<>();

        CanaryFilter(String routeId, CanarySplit split, RequestKey key, String overrideHeader, String keySpec,
                MeterRegistry meters, Supplier<CanaryProperties> settings) {
            this.routeId = routeId;
            this.split = split;
            this.key = key;
            this.overrideHeader = overrideHeader == null || overrideHeader.isBlank() ? null : overrideHeader;
            this.keySpec = keySpec;
            this.meters = meters;
            this.settings = settings;
        }

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
            if (exchange.getAttributes().containsKey(CanaryDecision.ATTRIBUTE)) {
                return chain.filter(exchange); // a retry of a request already decided (and counted)
            }
            String forced = overrideHeader != null ? exchange.getRequest().getHeaders().getFirst(overrideHeader) : null;
            if (forced == null) {
                return byKey(exchange, chain);
            }
            String scope = settings.get().overrideScope();
            return exchange.getPrincipal().filter(principal -> TokenScopes.has(principal, scope))
                    .map(principal -> true).defaultIfEmpty(false).flatMap(entitled -> {
                        if (!entitled) {
                            return byKey(withoutOverride(exchange), chain);
                        }
                        if (!forced.equals(split.stable()) && !forced.equals(split.canary())) {
                            return badOverride(exchange, forced);
                        }
                        return decided(exchange, chain, forced, "override");
                    });
        }

        private Mono<Void> byKey(ServerWebExchange exchange, GatewayFilterChain chain) {
            return key.resolve(exchange).flatMap(k -> k.isPresent()
                    ? decided(exchange, chain, split.versionFor(k.get()), "key")
                    : decided(exchange, chain, split.randomVersion(), "random"));
        }

        private ServerWebExchange withoutOverride(ServerWebExchange exchange) {
            return exchange.mutate().request(exchange.getRequest().mutate()
                    .headers(headers -> headers.remove(overrideHeader)).build()).build();
        }

        private Mono<Void> decided(ServerWebExchange exchange, GatewayFilterChain chain, String version, String by) {
            exchange.getAttributes().put(CanaryDecision.ATTRIBUTE,
                    new CanaryDecision(routeId, version, split.otherThan(version), by));
            return chain.filter(exchange).doFinally(signal -> record(exchange, version));
        }

        private void record(ServerWebExchange exchange, String assigned) {
            Response<ServiceInstance> response = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR);
            String version = response != null && response.hasServer()
                    ? String.valueOf(CanaryInstanceFilter.versionOf(response.getServer())) : "none";
            served.computeIfAbsent(version, v -> new LongAdder()).increment();
            counters.computeIfAbsent(assigned, a -> new ConcurrentHashMap<>()).computeIfAbsent(version,
                    served -> meters.counter(REQUESTS_METRIC, "route", routeId, "assigned", assigned, "served", served))
                    .increment();
        }

        private Mono<Void> badOverride(ServerWebExchange exchange, String value) {
            return JsonErrorBody.write(exchange.getResponse(), HttpStatus.BAD_REQUEST, "bad_request",
                    overrideHeader + " must be " + split.stable() + " or " + split.canary());
        }

        public String routeId() {
            return routeId;
        }

        public CanarySplit split() {
            return split;
        }

        public String keySpec() {
            return keySpec;
        }

        public String overrideHeader() {
            return overrideHeader;
        }

        /** Requests served per instance version since this rule was built ({@code none}: no instance). */
        public Map<String, Long> served() {
            Map<String, Long> counts = new java.util.TreeMap<>();
            served.forEach((version, count) -> counts.put(version, count.sum()));
            return counts;
        }
    }
}
