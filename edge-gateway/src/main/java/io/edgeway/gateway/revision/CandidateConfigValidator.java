package io.edgeway.gateway.revision;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.edgeway.gateway.route.CheckedRoutes;
import io.edgeway.gateway.rules.Definition;
import io.edgeway.gateway.rules.RouteAccess;
import io.edgeway.gateway.rules.RouteRules;
import io.edgeway.gateway.rules.RouteSpec;
import io.edgeway.gateway.rules.RouteTargets;
import io.edgeway.gateway.rules.StrippedHeaders;
import io.edgeway.gateway.settings.GatewaySettings;
import io.edgeway.gateway.settings.TlsProperties;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.cloud.gateway.filter.factory.GatewayFilterFactory;
import org.springframework.cloud.gateway.handler.predicate.PredicateDefinition;
import org.springframework.cloud.gateway.handler.predicate.RoutePredicateFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.route.RouteDefinitionRouteLocator;
import org.springframework.cloud.gateway.support.ConfigurationService;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.stereotype.Component;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.Validator;

/**
 * Decides whether a config may be applied to this gateway, the way the gateway itself would read it: binds the
 * candidate with the current environment around it, checks it with the rules the config server checked it with
 * ({@link GatewaySettings}, {@link RouteRules}; here with this gateway's environment and factories), and then builds
 * every route with the gateway's own predicate and filter factories, which catches what no rule knows (such as
 * {@code SetStatus=banana}). Nothing is applied while this finds a problem.
 */
@Component
class CandidateConfigValidator {

    private static final Duration ROUTE_BUILD_TIMEOUT = Duration.ofSeconds(10);

    private static final String ROUTES = GatewayProperties.PREFIX + ".routes[";

    private final ConfigurableEnvironment environment;

    private final List<RoutePredicateFactory> predicates;

    private final List<GatewayFilterFactory> filters;

    private final ConfigurationService configurationService;

    private final RouteRules rules;

    private final Validator constraints;

    private final CheckedRoutes checkedRoutes;

    CandidateConfigValidator(ConfigurableEnvironment environment, List<RoutePredicateFactory> predicates,
            List<GatewayFilterFactory> filters, ConfigurationService configurationService,
            ObjectProvider<Validator> constraints, CheckedRoutes checkedRoutes) {
        this.environment = environment;
        this.checkedRoutes = checkedRoutes;
        this.constraints = constraints.getIfAvailable();
        this.predicates = predicates;
        this.filters = filters;
        this.configurationService = configurationService;
        // The factories this gateway has are known here too; one the shared rules know but this gateway lacks fails
        // when its route is built.
        this.rules = new RouteRules(names(predicates.stream().map(RoutePredicateFactory::name)),
                names(filters.stream().map(GatewayFilterFactory::name)));
    }

    CheckedConfig validate(ServedConfig candidate) {
        return validate(candidate, false);
    }

    /**
     * As {@link #validate(ServedConfig)}, for the config the gateway started with: every settings group it sets is
     * checked and every route built, as if all of it were new, since none of it was checked before.
     */
    CheckedConfig validateAsNew(ServedConfig config) {
        return validate(config, true);
    }

    private CheckedConfig validate(ServedConfig candidate, boolean allNew) {
        // The candidate takes the place of the running config, as applying it would do.
        MutablePropertySources trial = new MutablePropertySources(environment.getPropertySources());
        Set<String> changed = new HashSet<>(ConfigPropertySources.replace(trial,
                ConfigPropertySources.of(candidate, ConfigPropertySources.SERVER_PREFIX), null));
        if (allNew) {
            candidate.propertySources().forEach(source -> changed.addAll(source.source().keySet()));
        }
        Binder binder = new Binder(ConfigurationPropertySources.from(trial), new PropertySourcesPlaceholdersResolver(trial));
        List<String> problems = new ArrayList<>(GatewaySettings.check(binder, changed));
        // A filter may read settings when it is built: only a commit that changes nothing but routes keeps the routes
        // built under the settings that run now.
        boolean routesOnly = changed.stream().allMatch(key -> key.startsWith(ROUTES) || key.equals(ConfigPropertySources.VERSION));
        for (ServedConfig.Source source : candidate.propertySources()) {
            problems.addAll(RouteRules.checkKeys(source.source()));
            problems.addAll(GatewaySettings.unknownKeys(source.source().keySet()));
        }
        GatewayProperties gateway;
        try {
            gateway = binder.bindOrCreate(GatewayProperties.PREFIX, GatewayProperties.class);
        }
        catch (RuntimeException ex) {
            problems.add(GatewayProperties.PREFIX + ": " + rootMessage(ex));
            return new CheckedConfig(problems, null, List.of());
        }
        problems.addAll(constraintViolations(gateway));
        List<RouteSpec> routes = gateway.getRoutes().stream().map(CandidateConfigValidator::spec).toList();
        RouteTargets targets = routeTargets(binder);
        StrippedHeaders stripped = StrippedHeaders.boundFrom(binder);
        problems.addAll(rules.checkIds(routes));
        problems.addAll(rules.checkDefaultFilters(gateway.getDefaultFilters().stream()
                .map(CandidateConfigValidator::definition).toList(), stripped));
        // One locator for all routes (building one loads every factory), fed one route at a time so that every
        // broken route is reported, not only the first.
        AtomicReference<RouteDefinition> current = new AtomicReference<>();
        RouteDefinitionRouteLocator locator = new RouteDefinitionRouteLocator(() -> Flux.just(current.get()), predicates,
                filters, gateway, configurationService);
        List<Route> built = new ArrayList<>();
        for (int index = 0; index < routes.size(); index++) {
            List<String> broken = rules.checkRoute(routes.get(index), index, targets, stripped);
            problems.addAll(broken);
            if (!broken.isEmpty()) {
                continue;
            }
            RouteDefinition route = gateway.getRoutes().get(index);
            Route unchanged = routesOnly ? checkedRoutes.running(route) : null;
            if (unchanged != null) {
                built.add(unchanged);
                continue;
            }
            try {
                current.set(route);
                built.addAll(locator.getRoutes().collectList().block(ROUTE_BUILD_TIMEOUT));
            }
            catch (RuntimeException ex) {
                problems.add("route '" + route.getId() + "': " + rootMessage(ex));
            }
        }
        problems.addAll(clientCertificatesNeverAsked(routes, binder));
        return new CheckedConfig(problems, gateway, routesOnly ? built : List.of());
    }

    /**
     * Routes that require a client certificate on a gateway that asks no client for one: each would refuse every
     * request. Checked here and not by the config server, since the trusted CA is often set on the gateway's host.
     */
    private static List<String> clientCertificatesNeverAsked(List<RouteSpec> routes, Binder binder) {
        TlsProperties tls;
        try {
            tls = GatewaySettings.TLS.bind(binder);
        }
        catch (RuntimeException ex) {
            return List.of(); // reported with the settings
        }
        if (tls.clientCertificates().enabled()) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        for (RouteSpec route : routes) {
            Object required = route.metadata().get(RouteAccess.CLIENT_CERT_KEY);
            if (required != null && required.toString().trim().equalsIgnoreCase("required")) {
                problems.add("route '" + route.id() + "': " + RouteAccess.CLIENT_CERT_KEY + ": required, but this "
                        + "gateway asks no client for a certificate (" + TlsProperties.PREFIX
                        + ".client-certificates.trusted-ca is not set): it would refuse every request");
            }
        }
        return problems;
    }

    /** The route-target policy of the candidate; with settings that do not bind (reported above) nothing is allowed. */
    private static RouteTargets routeTargets(Binder binder) {
        try {
            return new RouteTargets(GatewaySettings.ROUTE_TARGETS.bind(binder));
        }
        catch (RuntimeException ex) {
            return RouteTargets.DEFAULT;
        }
    }

    /** The bean-validation constraints Spring Boot would check when it binds the properties itself. */
    private List<String> constraintViolations(GatewayProperties gateway) {
        if (constraints == null) {
            return List.of();
        }
        BeanPropertyBindingResult errors = new BeanPropertyBindingResult(gateway, GatewayProperties.PREFIX);
        constraints.validate(gateway, errors);
        return errors.getFieldErrors().stream()
                .map(error -> GatewayProperties.PREFIX + "." + error.getField() + ": " + error.getDefaultMessage())
                .toList();
    }

    private static RouteSpec spec(RouteDefinition route) {
        return new RouteSpec(route.getId(), route.getUri() == null ? null : route.getUri().toString(),
                route.getPredicates().stream().map(CandidateConfigValidator::definition).toList(),
                route.getFilters().stream().map(CandidateConfigValidator::definition).toList(), route.getMetadata());
    }

    private static Definition definition(PredicateDefinition predicate) {
        return new Definition(predicate.getName(), predicate.getArgs());
    }

    private static Definition definition(FilterDefinition filter) {
        return new Definition(filter.getName(), filter.getArgs());
    }

    private static Set<String> names(Stream<String> names) {
        return names.collect(Collectors.toSet());
    }

    private static String rootMessage(Throwable ex) {
        Throwable root = ex;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == ex ? String.valueOf(ex.getMessage()) : ex.getMessage() + " (" + root.getMessage() + ")";
    }
}
