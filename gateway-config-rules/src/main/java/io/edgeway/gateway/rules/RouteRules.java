package io.edgeway.gateway.rules;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.edgeway.gateway.settings.AccessLevel;

/**
 * What a route of edge-gateway may say: the predicates and filters the gateway has, the arguments of its own
 * filters, weights, URIs and route access. The config server checks every commit with these rules and every gateway
 * checks a config with them again before it builds the routes; a filter added to {@link #EDGEWAY_FILTERS} is known
 * and checked in both places.
 */
public final class RouteRules {

    /** Where Spring Cloud Gateway 5 reads routes. */
    public static final String ROUTES = "spring.cloud.gateway.server.webflux.routes";

    /** Where it reads the filters every route gets. */
    public static final String DEFAULT_FILTERS = "spring.cloud.gateway.server.webflux.default-filters";

    /** Spring Cloud Gateway 4's location, silently ignored by Gateway 5: routes there simply vanish. */
    public static final String IGNORED_ROUTES = "spring.cloud.gateway.routes";

    /**
     * Spring Cloud Gateway's predicates that the gateway has (edge-gateway's {@code SharedRouteRulesIntegrationTest}
     * compares them with its factories).
     */
    public static final Set<String> GATEWAY_PREDICATES = Set.of("After", "Before", "Between", "Cookie", "Header",
            "Host", "Method", "Path", "Query", "ReadBody", "RemoteAddr", "XForwardedRemoteAddr", "Weight", "Version",
            "CloudFoundryRouteService");

    /**
     * Spring Cloud Gateway's filters that the gateway has (compared with its factories like the predicates). Not
     * {@code Retry}: the gateway retries idempotent requests itself, within a budget per service, and a route's
     * {@code Retry} would retry again outside it. Nor {@code TokenRelay}, {@code LocalResponseCache} or
     * {@code JsonToGrpc}, whose libraries the gateway does not have.
     */
    public static final Set<String> GATEWAY_FILTERS = Set.of("AddRequestHeader", "AddRequestHeadersIfNotPresent",
            "AddRequestParameter", "AddResponseHeader", "CacheRequestBody", "CircuitBreaker", "DedupeResponseHeader",
            "FallbackHeaders", "MapRequestHeader", "ModifyRequestBody", "ModifyResponseBody", "PrefixPath",
            "PreserveHostHeader", "RedirectTo", "RemoveJsonAttributesResponseBody", "RemoveRequestHeader",
            "RemoveRequestParameter", "RemoveResponseHeader", "RequestHeaderSize", "RequestHeaderToRequestUri",
            "RequestRateLimiter", "RequestSize", "RewriteLocationResponseHeader", "RewritePath",
            "RewriteRequestParameter", "RewriteResponseHeader", "SaveSession", "SecureHeaders", "SetPath",
            "SetRequestHeader", "SetRequestHostHeader", "SetRequestUri", "SetResponseHeader", "SetStatus",
            "StripPrefix");

    public static final FilterRule<CanaryArgs> CANARY = new FilterRule<>("Canary",
            List.of("stable", "canary", "weight"), CanaryArgs::new);

    public static final FilterRule<RateLimitArgs> RATE_LIMIT = new FilterRule<>("RateLimit",
            List.of("requests", "period", "burst"), RateLimitArgs::new);

    public static final FilterRule<ShedLoadArgs> SHED_LOAD = new FilterRule<>("ShedLoad",
            List.of("priority", "limiter"), ShedLoadArgs::new);

    public static final FilterRule<StaticResponseArgs> STATIC_RESPONSE = new FilterRule<>("StaticResponse",
            List.of("status", "body"), StaticResponseArgs::new);

    /** Route filters of edge-gateway itself (route access is metadata, not a filter). */
    public static final Map<String, FilterRule<?>> EDGEWAY_FILTERS = byName(List.of(CANARY, RATE_LIMIT, SHED_LOAD,
            STATIC_RESPONSE));

    /** The URI schemes a route may send requests to. */
    public static final Set<String> URI_SCHEMES = Set.of("lb", "http", "https", "ws", "wss", "forward", "no");

    private static final Set<String> SCHEMES_WITH_HOST = Set.of("lb", "http", "https", "ws", "wss");

    private final Set<String> predicates;

    private final Set<String> filters;

    /** The rules for a gateway that also has these predicates and filters (besides the ones above). */
    public RouteRules(Set<String> extraPredicates, Set<String> extraFilters) {
        this.predicates = union(GATEWAY_PREDICATES, extraPredicates);
        this.filters = union(union(GATEWAY_FILTERS, EDGEWAY_FILTERS.keySet()), extraFilters);
    }

    /**
     * As {@link #check(List, List, RouteTargets, StrippedHeaders)} with nothing allow-listed for route targets and the
     * shipped stripped headers.
     */
    public List<String> check(List<RouteSpec> routes, List<Definition> defaultFilters) {
        return check(routes, defaultFilters, RouteTargets.DEFAULT, StrippedHeaders.DEFAULT);
    }

    /** Every problem of a list of routes and default filters: {@link #checkIds}, {@link #checkRoute} and default filters. */
    public List<String> check(List<RouteSpec> routes, List<Definition> defaultFilters, RouteTargets targets,
            StrippedHeaders stripped) {
        List<String> problems = new ArrayList<>(checkIds(routes));
        for (int index = 0; index < routes.size(); index++) {
            problems.addAll(checkRoute(routes.get(index), index, targets, stripped));
        }
        problems.addAll(checkDefaultFilters(defaultFilters, stripped));
        return problems;
    }

    /** Routes without an id, and ids used twice. */
    public List<String> checkIds(List<RouteSpec> routes) {
        List<String> problems = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int index = 0; index < routes.size(); index++) {
            String id = routes.get(index).id() == null ? "" : routes.get(index).id().trim();
            if (id.isEmpty()) {
                problems.add(where(routes.get(index), index) + " has no id");
            }
            else if (!ids.add(id)) {
                problems.add(where(routes.get(index), index) + " is defined twice (route ids must be unique)");
            }
        }
        return problems;
    }

    /**
     * As {@link #checkRoute(RouteSpec, int, RouteTargets, StrippedHeaders)} with nothing allow-listed for route targets
     * and the shipped stripped headers.
     */
    public List<String> checkRoute(RouteSpec route, int index) {
        return checkRoute(route, index, RouteTargets.DEFAULT, StrippedHeaders.DEFAULT);
    }

    /**
     * What is wrong with one route (the {@code index}-th, for a route without id), each naming the route; its target
     * (and its fallback's) judged by {@code targets}; its filters may not read a header the gateway strips.
     */
    public List<String> checkRoute(RouteSpec route, int index, RouteTargets targets, StrippedHeaders stripped) {
        String where = where(route, index);
        List<String> problems = new ArrayList<>();
        uriProblem(route.uri(), targets).ifPresent(problem -> problems.add(where + ": " + problem));
        if (route.predicates().isEmpty()) {
            problems.add(where + " has no predicate, so it would match every request");
        }
        for (Definition predicate : route.predicates()) {
            if (!predicates.contains(predicate.name())) {
                problems.add(where + ": unknown predicate '" + predicate.name() + "'");
            }
            else if (predicate.name().equals("Weight")) {
                String weight = predicate.named(List.of("group", "weight")).get("weight");
                weightProblem(weight).ifPresent(problem -> problems.add(where + ", Weight weight: " + problem));
            }
        }
        for (Definition filter : route.filters()) {
            problems.addAll(filterProblems(where + ": unknown filter", where + ",", filter, stripped));
            fallbackProblem(filter, targets).ifPresent(problem -> problems.add(where + ", " + filter.name() + " "
                    + problem));
        }
        try {
            RouteAccess.fromMetadata(route.metadata(), AccessLevel.AUTHENTICATED);
        }
        catch (IllegalArgumentException ex) {
            problems.add(where + ", metadata: " + ex.getMessage());
        }
        return problems;
    }

    /** Unknown default filters, and bad arguments of edge-gateway's own among them. */
    public List<String> checkDefaultFilters(List<Definition> defaultFilters, StrippedHeaders stripped) {
        List<String> problems = new ArrayList<>();
        for (Definition filter : defaultFilters) {
            problems.addAll(filterProblems("unknown default filter", "default filter", filter, stripped));
        }
        return problems;
    }

    /**
     * Problems that show in the keys themselves, whatever file they are in: routes under the key Gateway 5 ignores,
     * and any setting named {@code ...weight} (outside route arguments) that is not a number in 0–100. Values with a
     * placeholder left are not judged.
     */
    public static List<String> checkKeys(Map<String, ?> flat) {
        List<String> problems = new ArrayList<>();
        if (flat.keySet().stream().anyMatch(key -> key.startsWith(IGNORED_ROUTES + "["))) {
            problems.add(IGNORED_ROUTES + " is ignored by Spring Cloud Gateway 5; use " + ROUTES);
        }
        flat.forEach((key, value) -> {
            String text = value == null ? null : value.toString();
            if (key.toLowerCase(Locale.ROOT).endsWith("weight") && !key.contains(".args.")
                    && (text == null || !text.contains("${"))) {
                weightProblem(text).ifPresent(problem -> problems.add(key + ": " + problem));
            }
        });
        return problems;
    }

    private List<String> filterProblems(String unknown, String where, Definition filter, StrippedHeaders stripped) {
        if (!filters.contains(filter.name())) {
            return List.of(unknown + " '" + filter.name() + "'");
        }
        FilterRule<?> rule = EDGEWAY_FILTERS.get(filter.name());
        if (rule == null || filter.args().values().stream().anyMatch(RouteRules::unresolved)) {
            return List.of();
        }
        List<String> problems = rule.check(filter);
        if (problems.isEmpty()) {
            problems = rule.bind(filter).headersRead().stream().flatMap(header -> stripped.problem(header).stream())
                    .toList();
        }
        return problems.stream().map(problem -> where + " " + filter.name() + " " + problem).toList();
    }

    /** A weight as a percentage: a number in 0–100. */
    static Optional<String> weightProblem(String value) {
        try {
            double weight = Double.parseDouble(value == null ? "" : value.trim());
            return weight >= 0 && weight <= 100 ? Optional.empty()
                    : Optional.of(number(weight) + " is outside 0–100");
        }
        catch (NumberFormatException ex) {
            return Optional.of("'" + value + "' is not a number");
        }
    }

    /** A {@code CircuitBreaker} fallback that forwards: the same policy as a route's own {@code forward:}. */
    private static Optional<String> fallbackProblem(Definition filter, RouteTargets targets) {
        if (!filter.name().equals("CircuitBreaker")) {
            return Optional.empty();
        }
        Map<String, String> args = filter.named(List.of("name", "fallbackUri"));
        String fallback = args.getOrDefault("fallbackUri", args.get("fallback-uri"));
        if (fallback == null || unresolved(fallback)
                || !fallback.trim().toLowerCase(Locale.ROOT).startsWith("forward:")) {
            return Optional.empty();
        }
        try {
            return targets.forwardProblem(fallback, new URI(fallback.trim())).map(problem -> "fallbackUri: " + problem);
        }
        catch (URISyntaxException ex) {
            return Optional.of("fallbackUri: '" + fallback + "' is not a valid URI: " + ex.getMessage());
        }
    }

    private static Optional<String> uriProblem(String uri, RouteTargets targets) {
        if (uri == null || uri.isBlank()) {
            return Optional.of("has no uri");
        }
        if (unresolved(uri)) {
            return Optional.empty();
        }
        try {
            URI parsed = new URI(uri.trim());
            String scheme = parsed.getScheme() == null ? null : parsed.getScheme().toLowerCase(Locale.ROOT);
            if (scheme == null || !URI_SCHEMES.contains(scheme)) {
                return Optional.of("uri '" + uri + "' needs a scheme among " + new TreeSet<>(URI_SCHEMES));
            }
            if (SCHEMES_WITH_HOST.contains(scheme) && parsed.getHost() == null) {
                return Optional.of("uri '" + uri + "' has no host (or service id)");
            }
            return targets.problem(uri, scheme, parsed);
        }
        catch (URISyntaxException ex) {
            return Optional.of("uri '" + uri + "' is not a valid URI: " + ex.getMessage());
        }
    }

    /** A placeholder or expression only the gateway can resolve. */
    private static boolean unresolved(String value) {
        return value != null && (value.contains("${") || value.contains("#{"));
    }

    private static String where(RouteSpec route, int index) {
        String id = route.id() == null ? "" : route.id().trim();
        return "route '" + (id.isEmpty() ? "#" + index : id) + "'";
    }

    /** {@code 150} rather than {@code 150.0}. */
    static String number(double value) {
        return Double.isFinite(value) ? BigDecimal.valueOf(value).stripTrailingZeros().toPlainString()
                : String.valueOf(value);
    }

    private static Map<String, FilterRule<?>> byName(List<FilterRule<?>> rules) {
        return rules.stream().collect(Collectors.toMap(FilterRule::name, Function.identity(), (a, b) -> a,
                LinkedHashMap::new));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
