package io.edgeway.gateway.revision;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import io.edgeway.gateway.support.LiveProperties;
import reactor.core.publisher.Flux;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.filter.factory.GatewayFilterFactory;
import org.springframework.cloud.gateway.handler.predicate.RoutePredicateFactory;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.route.RouteDefinitionRouteLocator;
import org.springframework.cloud.gateway.support.ConfigurationService;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.stereotype.Component;

/**
 * Decides whether a config may be applied to this gateway, the way the gateway itself would read it: binds the
 * candidate with the current environment around it, binds every group of settings that follows config changes (retry,
 * auth, shedding, outlier ejection, circuit breakers: each checks its own values), and builds every route with the
 * gateway's own predicate and filter factories. Nothing is applied while this finds a problem.
 */
@Component
class CandidateConfigValidator {

    private static final Duration ROUTE_BUILD_TIMEOUT = Duration.ofSeconds(10);

    private final ConfigurableEnvironment environment;

    private final List<RoutePredicateFactory> predicates;

    private final List<GatewayFilterFactory> filters;

    private final ConfigurationService configurationService;

    private final List<LiveProperties<?>> settings;

    CandidateConfigValidator(ConfigurableEnvironment environment, List<RoutePredicateFactory> predicates,
            List<GatewayFilterFactory> filters, ConfigurationService configurationService,
            List<LiveProperties<?>> settings) {
        this.environment = environment;
        this.settings = settings;
        this.predicates = predicates;
        this.filters = filters;
        this.configurationService = configurationService;
    }

    List<String> validate(ServedConfig candidate) {
        MutablePropertySources trial = new MutablePropertySources();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (!ConfigPropertySources.isConfig(source)) {
                trial.addLast(source);
            }
        }
        ConfigPropertySources.replace(trial, ConfigPropertySources.of(candidate, ConfigPropertySources.SERVER_PREFIX),
                null);
        Binder binder = new Binder(ConfigurationPropertySources.from(trial), new PropertySourcesPlaceholdersResolver(trial));
        List<String> problems = new ArrayList<>();
        for (LiveProperties<?> group : settings) {
            try {
                group.bindFrom(binder);
            }
            catch (RuntimeException ex) {
                problems.add(group.prefix() + ": " + rootMessage(ex));
            }
        }
        GatewayProperties gateway;
        try {
            gateway = binder.bindOrCreate(GatewayProperties.PREFIX, GatewayProperties.class);
        }
        catch (RuntimeException ex) {
            problems.add(GatewayProperties.PREFIX + ": " + rootMessage(ex));
            return problems;
        }
        // One locator for all routes (building one loads every factory), fed one route at a time so that every
        // broken route is reported, not only the first.
        AtomicReference<RouteDefinition> current = new AtomicReference<>();
        RouteDefinitionRouteLocator locator = new RouteDefinitionRouteLocator(() -> Flux.just(current.get()), predicates,
                filters, gateway, configurationService);
        Set<String> ids = new HashSet<>();
        for (RouteDefinition route : gateway.getRoutes()) {
            if (!ids.add(route.getId())) {
                problems.add("route '" + route.getId() + "' is defined twice");
            }
            if (route.getPredicates().isEmpty()) {
                problems.add("route '" + route.getId() + "' has no predicate, so it would match every request");
            }
            try {
                current.set(route);
                locator.getRoutes().collectList().block(ROUTE_BUILD_TIMEOUT);
            }
            catch (RuntimeException ex) {
                problems.add("route '" + route.getId() + "': " + rootMessage(ex));
            }
        }
        return problems;
    }

    private static String rootMessage(Throwable ex) {
        Throwable root = ex;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == ex ? String.valueOf(ex.getMessage()) : ex.getMessage() + " (" + root.getMessage() + ")";
    }
}
