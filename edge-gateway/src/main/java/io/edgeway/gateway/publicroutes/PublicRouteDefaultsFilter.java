package io.edgeway.gateway.publicroutes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.edgeway.gateway.auth.RouteAccessFilter;
import io.edgeway.gateway.ratelimit.RateLimitGatewayFilterFactory;
import io.edgeway.gateway.rules.RouteAccess;
import io.edgeway.gateway.settings.AccessLevel;
import io.edgeway.gateway.settings.AuthProperties;
import io.edgeway.gateway.settings.PublicRouteProperties;
import io.edgeway.gateway.shedding.ShedLoadGatewayFilterFactory;
import io.edgeway.gateway.support.LiveProperties;
import io.edgeway.gateway.support.PolicyFilter;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;

/**
 * Gives every public route the protection of {@code edgeway.gateway.public-routes}: a per-client {@code RateLimit}
 * and {@code ShedLoad} at the lowest priority, each unless the route has that filter itself. The filters are the
 * route filters' own, built once per route build and settings.
 */
public final class PublicRouteDefaultsFilter implements GlobalFilter, Ordered {

    /** Right after route access, before the route's own filters (a rate limit before any concurrency is taken). */
    public static final int ORDER = RouteAccessFilter.ORDER + 1;

    private final LiveProperties<PublicRouteProperties> properties;

    private final LiveProperties<AuthProperties> auth;

    private final RateLimitGatewayFilterFactory rateLimits;

    private final ShedLoadGatewayFilterFactory shedLoad;

    private volatile Defaults defaults = new Defaults(null, null);

    public PublicRouteDefaultsFilter(LiveProperties<PublicRouteProperties> properties,
            LiveProperties<AuthProperties> auth, RateLimitGatewayFilterFactory rateLimits,
            ShedLoadGatewayFilterFactory shedLoad) {
        this.properties = properties;
        this.auth = auth;
        this.rateLimits = rateLimits;
        this.shedLoad = shedLoad;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        if (route == null) {
            return chain.filter(exchange);
        }
        List<GatewayFilter> filters = defaults().of(route);
        return filters.isEmpty() ? chain.filter(exchange) : run(filters, 0, exchange, chain);
    }

    private static Mono<Void> run(List<GatewayFilter> filters, int index, ServerWebExchange exchange,
            GatewayFilterChain chain) {
        if (index == filters.size()) {
            return chain.filter(exchange);
        }
        return filters.get(index).filter(exchange, next -> run(filters, index + 1, next, chain));
    }

    private Defaults defaults() {
        PublicRouteProperties settings = properties.get();
        AuthProperties access = auth.get();
        Defaults known = defaults;
        if (known.settings != settings || known.auth != access) {
            known = new Defaults(settings, access);
            defaults = known;
        }
        return known;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    /** The default filters of each route under one set of settings, kept for the route object they were built for. */
    private final class Defaults {

        private final PublicRouteProperties settings;

        private final AuthProperties auth;

        private final Map<String, Built> byRouteId = new ConcurrentHashMap<>();

        Defaults(PublicRouteProperties settings, AuthProperties auth) {
            this.settings = settings;
            this.auth = auth;
        }

        List<GatewayFilter> of(Route route) {
            Built built = byRouteId.get(route.getId());
            if (built == null || built.route != route) {
                built = new Built(route, build(route));
                byRouteId.put(route.getId(), built);
            }
            return built.filters;
        }

        private List<GatewayFilter> build(Route route) {
            if (!settings.enabled()
                    || RouteAccess.fromMetadata(route.getMetadata(), auth.defaultLevel()).level() != AccessLevel.PUBLIC) {
                return List.of();
            }
            Set<String> own = PolicyFilter.on(route);
            List<GatewayFilter> filters = new ArrayList<>();
            if (!own.contains(rateLimits.name())) {
                RateLimitGatewayFilterFactory.Config config = new RateLimitGatewayFilterFactory.Config();
                config.setRouteId(route.getId());
                config.setRequests(settings.rateLimit().requests());
                config.setPeriod(settings.rateLimit().period());
                config.setBurst(settings.rateLimit().burst());
                config.setKey(settings.rateLimit().key());
                filters.add(rateLimits.apply(config));
            }
            if (!own.contains(shedLoad.name())) {
                ShedLoadGatewayFilterFactory.Config config = new ShedLoadGatewayFilterFactory.Config();
                config.setRouteId(route.getId());
                config.setPriority(settings.priority());
                filters.add(shedLoad.apply(config));
            }
            return List.copyOf(filters);
        }
    }

    private record Built(Route route, List<GatewayFilter> filters) {
    }
}
