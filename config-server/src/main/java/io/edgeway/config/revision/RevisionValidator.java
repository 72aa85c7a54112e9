package io.edgeway.config.revision;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Decides whether a revision of the config repository may be published: every YAML file parses, and the
 * gateway's routes are well formed (ids unique, URIs valid, predicates and filters known, weights in 0–100).
 * Knows nothing of git or Spring: it judges file contents.
 */
public final class RevisionValidator {



    public static final String ROUTES = "spring.cloud.gateway.server.webflux.routes";

    static final String DEFAULT_FILTERS = "spring.cloud.gateway.server.webflux.default-filters";

    /** Spring Cloud Gateway 4 location, silently ignored by Gateway 5: routes there simply vanish. */
    static final String IGNORED_ROUTES = "spring.cloud.gateway.routes";

    static final Set<String> GATEWAY_PREDICATES = Set.of("After", "Before", "Between", "Cookie", "Header", "Host",
            "Method", "Path", "Query", "ReadBody", "RemoteAddr", "XForwardedRemoteAddr", "Weight",
            "CloudFoundryRouteService");

    /** Spring Cloud Gateway's filters that our gateway keeps ({@code Retry} is off: it would retry outside the budget). */
    static final Set<String> GATEWAY_FILTERS = Set.of("AddRequestHeader", "AddRequestHeadersIfNotPresent",
            "AddRequestParameter", "AddResponseHeader", "CacheRequestBody", "CircuitBreaker", "DedupeResponseHeader",
            "FallbackHeaders", "JsonToGrpc", "LocalResponseCache", "MapRequestHeader", "ModifyRequestBody",
            "ModifyResponseBody", "PrefixPath", "PreserveHostHeader", "RedirectTo", "RemoveJsonAttributesResponseBody",
            "RemoveRequestHeader", "RemoveRequestParameter", "RemoveResponseHeader", "RequestHeaderSize",
            "RequestHeaderToRequestUri", "RequestRateLimiter", "RequestSize", "RewriteLocationResponseHeader",
            "RewritePath", "RewriteRequestParameter", "RewriteResponseHeader", "SaveSession", "SecureHeaders",
            "SetPath", "SetRequestHeader", "SetRequestHostHeader", "SetResponseHeader", "SetStatus", "StripPrefix",
            "TokenRelay");

    /** Route filters of edge-gateway itself (route access is metadata, not a filter). */
    static final Set<String> EDGEWAY_FILTERS = Set.of("Canary", "RateLimit", "ShedLoad", "StaticResponse");

    private static final Set<String> URI_SCHEMES = Set.of("lb", "http", "https", "ws", "wss", "forward", "no");

    private static final Pattern ROUTE_KEY = Pattern.compile(Pattern.quote(ROUTES) + "\\[(\\d+)]\\.(.+)");

    private static final Pattern DEFINITION_KEY = Pattern.compile("(predicates|filters)\\[(\\d+)](\\.name)?");

    private static final Pattern DEFAULT_FILTER_KEY = Pattern.compile(Pattern.quote(DEFAULT_FILTERS) + "\\[(\\d+)](\\.name)?");

    private final Set<String> predicates;

    private final Set<String> filters;

    public RevisionValidator(Set<String> extraPredicates, Set<String> extraFilters) {
        this.predicates = union(GATEWAY_PREDICATES, extraPredicates);
        this.filters = union(union(GATEWAY_FILTERS, EDGEWAY_FILTERS), extraFilters);
    }

    /** Problems found in the files (path → content) of one revision; empty when it may be published. */
    public List<String> validate(Map<String, String> files) {
        List<String> problems = new ArrayList<>();
        files.forEach((path, content) -> {
            if (isYaml(path)) {
                try {
                    Map<String, String> flat = flatten(path, content);
                    if (isGatewayFile(path)) {
                        problems.addAll(validateGateway(path, flat));
                    }
                }
                catch (YAMLException | ClassCastException ex) {
                    problems.add(path + ": not valid YAML: " + ex.getMessage().replaceAll("\\s+", " "));
                }
            }
        });
        return problems;
    }

    /** The gateway's routes in one file, in order, each as its flat keys relative to the route. */
    public static List<Map<String, String>> routes(Map<String, String> flat) {
        Map<Integer, Map<String, String>> byIndex = new TreeMap<>();
        flat.forEach((key, value) -> {
            Matcher m = ROUTE_KEY.matcher(key);
            if (m.matches()) {
                byIndex.computeIfAbsent(Integer.parseInt(m.group(1)), i -> new TreeMap<>()).put(m.group(2), value);
            }
        });
        return List.copyOf(byIndex.values());
    }

    private List<String> validateGateway(String path, Map<String, String> flat) {
        List<String> problems = new ArrayList<>();
        if (flat.keySet().stream().anyMatch(k -> k.startsWith(IGNORED_ROUTES + "["))) {
            problems.add(path + ": " + IGNORED_ROUTES + " is ignored by Spring Cloud Gateway 5; use " + ROUTES);
        }
        Set<String> ids = new HashSet<>();
        List<Map<String, String>> routes = routes(flat);
        for (int index = 0; index < routes.size(); index++) {
            Map<String, String> route = routes.get(index);
            String id = route.getOrDefault("id", "").trim();
            String where = path + ": route '" + (id.isEmpty() ? "#" + index : id) + "'";
            if (id.isEmpty()) {
                problems.add(where + " has no id");
            }
            else if (!ids.add(id)) {
                problems.add(where + " is defined twice (route ids must be unique)");
            }
            String uriProblem = uriProblem(route.get("uri"));
            if (uriProblem != null) {
                problems.add(where + ": " + uriProblem);
            }
            boolean hasPredicate = false;
            for (Map.Entry<String, String> entry : route.entrySet()) {
                Matcher m = DEFINITION_KEY.matcher(entry.getKey());
                if (!m.matches() || (m.group(3) == null && entry.getValue().isEmpty())) {
                    continue;
                }
                String name = definitionName(entry.getValue());
                boolean predicate = m.group(1).equals("predicates");
                hasPredicate |= predicate;
                if (predicate && !predicates.contains(name)) {
                    problems.add(where + ": unknown predicate '" + name + "'");
                }
                if (!predicate && !filters.contains(name)) {
                    problems.add(where + ": unknown filter '" + name + "'");
                }
                if (!predicate) {
                    String filterKey = entry.getKey().replace(".name", "");
                    Map<String, String> args = new TreeMap<>();
                    route.forEach((k, v) -> {
                        if (k.startsWith(filterKey + ".args.")) {
                            args.put(k.substring(filterKey.length() + ".args.".length()), v);
                        }
                    });
                    problems.addAll(GatewayPolicyRules.checkFilter(where, name, shortcutArgs(entry.getValue()), args));
                }
                if (predicate && name.equals("Weight")) {
                    String[] args = shortcutArgs(entry.getValue());
                    String weight = args.length == 2 ? args[1] : route.get(entry.getKey().replace(".name", "") + ".args.weight");
                    checkWeight(where + ", Weight", weight, problems);
                }
            }
            if (!hasPredicate) {
                problems.add(where + " has no predicate, so it would match every request");
            }
        }
        problems.addAll(GatewayPolicyRules.checkSettings(path, flat));
        flat.forEach((key, value) -> {
            Matcher m = DEFAULT_FILTER_KEY.matcher(key);
            if (m.matches() && (m.group(2) != null || !value.isEmpty()) && !filters.contains(definitionName(value))) {
                problems.add(path + ": unknown default filter '" + definitionName(value) + "'");
            }
            if (key.toLowerCase(Locale.ROOT).endsWith("weight") && !key.contains(".args.")) {
                checkWeight(path + ": " + key, value, problems);
            }
        });
        return problems;
    }

    static void checkWeight(String where, String value, List<String> problems) {
        try {
            double weight = Double.parseDouble(value == null ? "" : value.trim());
            if (weight < 0 || weight > 100 || Double.isNaN(weight)) {
                problems.add(where + ": weight " + value.trim() + " is outside 0–100");
            }
        }
        catch (NumberFormatException ex) {
            problems.add(where + ": weight '" + value + "' is not a number");
        }
    }

    private static String uriProblem(String uri) {
        if (uri == null || uri.isBlank()) {
            return "has no uri";
        }
        try {
            URI parsed = new URI(uri.trim());
            if (parsed.getScheme() == null || !URI_SCHEMES.contains(parsed.getScheme().toLowerCase(Locale.ROOT))) {
                return "uri '" + uri + "' needs a scheme among " + new java.util.TreeSet<>(URI_SCHEMES);
            }
            if (Set.of("lb", "http", "https", "ws", "wss").contains(parsed.getScheme()) && parsed.getHost() == null) {
                return "uri '" + uri + "' has no host (or service id)";
            }
            return null;
        }
        catch (URISyntaxException ex) {
            return "uri '" + uri + "' is not a valid URI: " + ex.getMessage();
        }
    }

    private static String definitionName(String definition) {
        int eq = definition.indexOf('=');
        return (eq < 0 ? definition : definition.substring(0, eq)).trim();
    }

    private static String[] shortcutArgs(String definition) {
        int eq = definition.indexOf('=');
        return eq < 0 ? new String[0] : definition.substring(eq + 1).split(",");
    }

    private static boolean isYaml(String path) {
        return path.endsWith(".yml") || path.endsWith(".yaml");
    }

    private static boolean isGatewayFile(String path) {
        String file = path.substring(path.lastIndexOf('/') + 1);
        return file.startsWith("edge-gateway") || file.startsWith("application");
    }

    /** Spring-style flat keys ({@code a.b[0].c}) of every document in a YAML file. */
    public static Map<String, String> flatten(String path, String content) {
        Map<String, String> flat = new LinkedHashMap<>();
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        for (Object document : yaml.loadAll(content)) {
            if (document != null && !(document instanceof Map)) {
                throw new YAMLException("a document of " + path + " is not a map of keys");
            }
            flatten("", document, flat);
        }
        return flat;
    }

    private static void flatten(String prefix, Object node, Map<String, String> flat) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, flat));
        }
        else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                flatten(prefix + "[" + i + "]", list.get(i), flat);
            }
        }
        else if (!prefix.isEmpty()) {
            flat.put(prefix, node == null ? "" : String.valueOf(node));
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
