package io.edgeway.config.revision;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.edgeway.gateway.rules.Definition;
import io.edgeway.gateway.rules.RouteRules;
import io.edgeway.gateway.rules.RouteSpec;
import io.edgeway.gateway.rules.RouteTargets;
import io.edgeway.gateway.rules.StrippedHeaders;
import io.edgeway.gateway.settings.GatewaySettings;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;

/**
 * Decides whether a revision of the config repository may be published: every YAML file parses, and the gateway's
 * files pass the gateway's own rules ({@link RouteRules} for routes, {@link GatewaySettings} for settings), the ones
 * every gateway checks again before it applies a config, and the adapter's declared VIPs pass {@link AdapterVipCheck}. Knows nothing of git or Spring's application context: it
 * judges file contents.
 *
 * <p>The gateway's settings are judged as a gateway of each profile reads them: {@code application.yml}, then
 * {@code edge-gateway.yml}, then the profile's files, each overriding the one before. A value with a placeholder
 * ({@code ${MAX:300}}) is judged by its default, which is what a gateway without that variable gets; one without a
 * default is left to the gateway, whose environment alone can resolve it.
 */
public final class RevisionValidator {

    public static final String ROUTES = RouteRules.ROUTES;

    private static final Pattern ROUTE_KEY = Pattern.compile(Pattern.quote(ROUTES) + "\\[(\\d+)]\\.(.+)");

    private static final Pattern DEFINITION_KEY = Pattern
            .compile("(predicates|filters)\\[(\\d+)](?:\\.(name|args\\.(.+)))?");

    private static final Pattern DEFAULT_FILTER_KEY = Pattern
            .compile(Pattern.quote(RouteRules.DEFAULT_FILTERS) + "\\[(\\d+)](?:\\.(name|args\\.(.+)))?");

    private static final List<String> BASE_FILES = List.of("application", "edge-gateway");

    private final RouteRules rules;

    public RevisionValidator(Set<String> extraPredicates, Set<String> extraFilters) {
        this.rules = new RouteRules(extraPredicates, extraFilters);
    }

    /** Problems found in the files (path → content) of one revision; empty when it may be published. */
    public List<String> validate(Map<String, String> files) {
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, String>> gatewayFiles = new TreeMap<>();
        Map<String, Map<String, String>> adapterFiles = new TreeMap<>();
        files.forEach((path, content) -> {
            if (isYaml(path)) {
                try {
                    Map<String, String> flat = flatten(path, content);
                    if (isGatewayFile(path)) {
                        gatewayFiles.put(path, flat);
                    }
                    if (AdapterVipCheck.reads(baseName(path))) {
                        adapterFiles.put(path, flat);
                    }
                }
                catch (YAMLException | ClassCastException ex) {
                    problems.add(path + ": not valid YAML: " + ex.getMessage().replaceAll("\\s+", " "));
                }
            }
        });
        Map<String, String> base = merge(layers(gatewayFiles, BASE_FILES, null));
        gatewayFiles.forEach((path, flat) -> {
            Map<String, String> lookup = new LinkedHashMap<>(base);
            lookup.putAll(flat);
            Map<String, String> resolved = resolve(flat, lookup, true);
            RouteRules.checkKeys(resolved).forEach(problem -> problems.add(path + ": " + problem));
            List<Definition> defaultFilters = definitions(resolved, DEFAULT_FILTER_KEY, "");
            rules.check(routes(resolved).stream().map(RevisionValidator::spec).toList(), defaultFilters,
                    routeTargets(lookup), StrippedHeaders.boundFrom(binder(lookup)))
                    .forEach(problem -> problems.add(path + ": " + problem));
        });
        problems.addAll(validateSettings(gatewayFiles));
        problems.addAll(AdapterVipCheck.check(adapterFiles));
        return problems;
    }

    /**
     * The route-target allow-lists a gateway reading this file gets (with the base files under it); when they do not
     * bind (reported with the settings), nothing is allowed.
     */
    private static RouteTargets routeTargets(Map<String, String> lookup) {
        try {
            return new RouteTargets(GatewaySettings.ROUTE_TARGETS.bind(binder(lookup)));
        }
        catch (RuntimeException ex) {
            return RouteTargets.DEFAULT;
        }
    }

    /** The settings a gateway reading this file gets (with the base files under it). */
    private static Binder binder(Map<String, String> lookup) {
        return new Binder(new MapConfigurationPropertySource(resolve(lookup, lookup, false)));
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

    /** The gateway's routes among flat keys (one file, or a whole environment merged), as the rules check them. */
    public static List<RouteSpec> routeSpecs(Map<String, String> flat) {
        return routes(flat).stream().map(RevisionValidator::spec).toList();
    }

    /** The settings of each view (default profile, and each profile with files of its own), reported once each. */
    private static List<String> validateSettings(Map<String, Map<String, String>> gatewayFiles) {
        Set<String> problems = new LinkedHashSet<>();
        for (String profile : views(gatewayFiles.keySet(), BASE_FILES)) {
            Map<String, Map<String, String>> layers = layers(gatewayFiles, BASE_FILES, profile);
            if (layers.isEmpty()) {
                continue;
            }
            Map<String, String> view = merge(layers);
            Binder binder = new Binder(new MapConfigurationPropertySource(resolve(view, view, false)));
            List<String> settingsProblems = new ArrayList<>(GatewaySettings.unknownKeys(view.keySet()));
            settingsProblems.addAll(GatewaySettings.check(binder));
            for (String problem : settingsProblems) {
                problems.add(origin(problem, layers) + ": " + problem);
            }
        }
        return List.copyOf(problems);
    }

    /**
     * The views of a service that reads these base files: the default profile ({@code null}) and each profile with
     * files of its own among the paths.
     */
    static List<String> views(Set<String> paths, List<String> baseFiles) {
        Set<String> profiles = new TreeSet<>();
        paths.forEach(path -> {
            String name = baseName(path);
            for (String file : baseFiles) {
                if (name.startsWith(file + "-")) {
                    profiles.add(name.substring(file.length() + 1));
                }
            }
        });
        List<String> views = new ArrayList<>();
        views.add(null);
        views.addAll(profiles);
        return views;
    }

    /** The files a service of this profile ({@code null}: none) reads, lowest precedence first. */
    static Map<String, Map<String, String>> layers(Map<String, Map<String, String>> files, List<String> baseFiles,
            String profile) {
        Map<String, Map<String, String>> layers = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(baseFiles);
        if (profile != null) {
            baseFiles.forEach(file -> names.add(file + "-" + profile));
        }
        for (String name : names) {
            files.forEach((path, flat) -> {
                if (baseName(path).equals(name)) {
                    layers.put(path, flat);
                }
            });
        }
        return layers;
    }

    static Map<String, String> merge(Map<String, Map<String, String>> layers) {
        Map<String, String> merged = new LinkedHashMap<>();
        layers.values().forEach(merged::putAll);
        return merged;
    }

    /** The file that sets the key a problem is about (the last one, as it wins); the top file when none does. */
    static String origin(String problem, Map<String, Map<String, String>> layers) {
        String key = problem.substring(0, Math.max(0, problem.indexOf(": ")));
        String top = null;
        String origin = null;
        for (Map.Entry<String, Map<String, String>> layer : layers.entrySet()) {
            top = layer.getKey();
            if (layer.getValue().keySet().stream()
                    .anyMatch(k -> k.equals(key) || k.startsWith(key + ".") || k.startsWith(key + "["))) {
                origin = layer.getKey();
            }
        }
        return origin != null ? origin : top;
    }

    /**
     * Values with their placeholders replaced, from {@code lookup} or else their defaults; a value whose placeholder
     * has neither is kept as it is ({@code keepUnresolved}) or left out.
     */
    static Map<String, String> resolve(Map<String, String> flat, Map<String, String> lookup,
            boolean keepUnresolved) {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addLast(new MapPropertySource("lookup", new LinkedHashMap<>(lookup)));
        PropertySourcesPlaceholdersResolver resolver = new PropertySourcesPlaceholdersResolver(sources);
        Map<String, String> resolved = new LinkedHashMap<>();
        flat.forEach((key, value) -> {
            String text = value;
            try {
                text = String.valueOf(resolver.resolvePlaceholders(value));
            }
            catch (IllegalArgumentException ex) {
                // a circular reference: left as it is
            }
            if (keepUnresolved || !text.contains("${")) {
                resolved.put(key, text);
            }
        });
        return resolved;
    }

    private static RouteSpec spec(Map<String, String> route) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        route.forEach((key, value) -> {
            if (key.startsWith("metadata.")) {
                String name = key.substring("metadata.".length());
                int list = name.indexOf('[');
                if (list > 0) {
                    Object values = metadata.computeIfAbsent(name.substring(0, list), k -> new ArrayList<String>());
                    if (values instanceof List<?>) {
                        @SuppressWarnings("unchecked")
                        List<String> strings = (List<String>) values;
                        strings.add(value);
                    }
                }
                else {
                    metadata.put(name, value);
                }
            }
        });
        return new RouteSpec(route.get("id"), route.get("uri"), definitions(route, DEFINITION_KEY, "predicates"),
                definitions(route, DEFINITION_KEY, "filters"), metadata);
    }

    /**
     * The predicates or filters ({@code kind}; empty for default filters, whose pattern has no kind) among flat keys,
     * in order: a shortcut ({@code filters[0]: Name=a, b}) or a name with arguments ({@code filters[0].name},
     * {@code filters[0].args.weight}).
     */
    private static List<Definition> definitions(Map<String, String> flat, Pattern pattern, String kind) {
        Map<Integer, String> names = new TreeMap<>();
        Map<Integer, Map<String, String>> args = new TreeMap<>();
        flat.forEach((key, value) -> {
            Matcher m = pattern.matcher(key);
            if (!m.matches() || (pattern == DEFINITION_KEY && !m.group(1).equals(kind))) {
                return;
            }
            int offset = pattern == DEFINITION_KEY ? 1 : 0;
            int index = Integer.parseInt(m.group(1 + offset));
            String part = m.group(2 + offset);
            if (part == null) {
                if (!value.isEmpty()) {
                    Definition shortcut = Definition.parse(value);
                    names.put(index, shortcut.name());
                    args.put(index, shortcut.args());
                }
            }
            else if (part.equals("name")) {
                names.put(index, value.trim());
            }
            else {
                args.computeIfAbsent(index, i -> new LinkedHashMap<>()).put(m.group(3 + offset), value);
            }
        });
        List<Definition> definitions = new ArrayList<>();
        names.forEach((index, name) -> definitions.add(new Definition(name, args.getOrDefault(index, Map.of()))));
        return definitions;
    }

    private static boolean isYaml(String path) {
        return path.endsWith(".yml") || path.endsWith(".yaml");
    }

    private static boolean isGatewayFile(String path) {
        String name = baseName(path);
        return name.startsWith("edge-gateway") || name.startsWith("application");
    }

    /** The file name without folder and extension: {@code config-repo/edge-gateway.yml} is {@code edge-gateway}. */
    static String baseName(String path) {
        String file = path.substring(path.lastIndexOf('/') + 1);
        return file.substring(0, file.lastIndexOf('.'));
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
}
