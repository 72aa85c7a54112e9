package io.edgeway.gateway.canary;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import io.edgeway.gateway.rollout.RolloutTarget;
import io.edgeway.gateway.rollout.RolloutWeight;
import io.edgeway.gateway.rules.CanaryArgs;
import io.edgeway.gateway.rules.RouteRules;
import io.edgeway.gateway.settings.CanaryProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.support.HasRouteId;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
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

    private final RolloutWeights rolloutWeights;

    private final StepCounters stepCounters;

    /** Without a rollout controller: weights are only as committed. */
    public CanaryGatewayFilterFactory(MeterRegistry meters, Supplier<CanaryProperties> settings) {
        this(meters, settings, new RolloutWeights(), new StepCounters());
    }

    public CanaryGatewayFilterFactory(MeterRegistry meters, Supplier<CanaryProperties> settings,
            RolloutWeights rolloutWeights, StepCounters stepCounters) {
        super(Config.class);
        this.meters = meters;
        this.settings = settings;
        this.rolloutWeights = rolloutWeights;
        this.stepCounters = stepCounters;
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
        config.setRouteId(routeId);
        RolloutTarget rollout = config.rolloutTarget().orElse(null);
        return new CanaryFilter(routeId, split, RequestKey.parse(config.getKey()), config.getOverrideHeader(),
                config.getKey(), meters, settings, rollout == null ? null : new Rollout(rollout.identity(),
                        rolloutWeights, stepCounters));
    }

    /** Arguments of {@code Canary}: what they are and how they are checked is in {@link CanaryArgs}. */
    public static class Config extends CanaryArgs implements HasRouteId {
    }

    /**
     * A route's link to the rollout controller: the weight it sets applies while it is for this rollout and this
     * committed weight, and each request is counted for the step it was split by.
     */
    record Rollout(String identity, RolloutWeights weights, StepCounters counters) {
    }

    /** The split a request is made with, and the rollout step it counts for ({@code null}: none). */
    private record SplitInForce(CanarySplit split, String stepId, RolloutWeight from) {
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

        private final Rollout rollout;

        private final SplitInForce committed;

        /** The split of the controller's weight last seen, made once per new weight. */
        private volatile SplitInForce overlaid;

        private final Map<String, LongAdder> served = new ConcurrentHashMap<>();

        /** The request counters by assigned and serving version (a registry look-up per request is costly). */
        private final Map<String, Map<String, Counter>> counters = new ConcurrentHashMap<>();

        CanaryFilter(String routeId, CanarySplit split, RequestKey key, String overrideHeader, String keySpec,
                MeterRegistry meters, Supplier<CanaryProperties> settings, Rollout rollout) {
            this.routeId = routeId;
            this.rollout = rollout;
            this.committed = new SplitInForce(split, null, null);
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
                        return decided(exchange, chain, forced, "override", null);
                    });
        }

        /** The split and the step are read once, so a request is counted for the step whose weight split it. */
        private Mono<Void> byKey(ServerWebExchange exchange, GatewayFilterChain chain) {
            SplitInForce now = inForce();
            return key.resolve(exchange).flatMap(k -> k.isPresent()
                    ? decided(exchange, chain, now.split().versionFor(k.get()), "key", now.stepId())
                    : decided(exchange, chain, now.split().randomVersion(), "random", now.stepId()));
        }

        /**
         * The controller's weight in force now (a raise takes effect at the controller's switch time, the same on
         * every gateway) while it is for this route's rollout and committed weight, else the committed one. Only the
         * weight changes, never the salt, so a user on the canary at 5 % is still on it at 25 %.
         */
        private SplitInForce inForce() {
            RolloutWeight set = rollout == null ? null : rollout.weights().forRoute(routeId);
            if (set == null || !set.identity().equals(rollout.identity()) || set.committedWeight() != split.weight()) {
                return committed;
            }
            SplitInForce last = overlaid;
            if (last == null || !last.from().equals(set)) {
                last = new SplitInForce(new CanarySplit(split.stable(), split.canary(), set.weight(), split.salt()),
                        set.stepId(), set);
                overlaid = last;
            }
            return last;
        }

        private ServerWebExchange withoutOverride(ServerWebExchange exchange) {
            return exchange.mutate().request(exchange.getRequest().mutate()
                    .headers(headers -> headers.remove(overrideHeader)).build()).build();
        }

        /** {@code stepId}: the rollout step the request counts for, {@code null} for none (testers' overrides). */
        private Mono<Void> decided(ServerWebExchange exchange, GatewayFilterChain chain, String version, String by,
                String stepId) {
            exchange.getAttributes().put(CanaryDecision.ATTRIBUTE,
                    new CanaryDecision(routeId, version, split.otherThan(version), by));
            long start = System.nanoTime();
            return chain.filter(exchange).doFinally(signal -> record(exchange, version, stepId, signal,
                    System.nanoTime() - start));
        }

        private void record(ServerWebExchange exchange, String assigned, String stepId, SignalType signal,
                long nanos) {
            Response<ServiceInstance> response = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR);
            String version = response != null && response.hasServer()
                    ? String.valueOf(CanaryInstanceFilter.versionOf(response.getServer())) : "none";
            served.computeIfAbsent(version, v -> new LongAdder()).increment();
            // Testers' forced requests and requests whose client went away are no evidence either way.
            if (stepId != null && signal != SignalType.CANCEL
                    && (version.equals(split.stable()) || version.equals(split.canary()))) {
                HttpStatusCode status = exchange.getResponse().getStatusCode();
                boolean error = signal == SignalType.ON_ERROR || status != null && status.is5xxServerError();
                rollout.counters().record(routeId, stepId, version, error, nanos);
            }
            counters.computeIfAbsent(assigned, a -> new ConcurrentHashMap<>()).computeIfAbsent(version,
                    served -> meters.counter(REQUESTS_METRIC, "route", routeId, "assigned", assigned, "served", served))
                    .increment();
        }

        private Mono<Void> badOverride(ServerWebExchange exchange, String value) {
            return JsonErrorBody.write(exchange, HttpStatus.BAD_REQUEST, "bad_request",
                    overrideHeader + " must be " + split.stable() + " or " + split.canary());
        }

        public String routeId() {
            return routeId;
        }

        /** The split as committed. */
        public CanarySplit split() {
            return split;
        }

        /** The split requests are made with now: the rollout controller's weight, when it sets one for this rule. */
        public CanarySplit splitInForce() {
            return inForce().split();
        }

        /** The rollout step requests are counted for now; {@code null} when none. */
        public String rolloutStep() {
            return inForce().stepId();
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
