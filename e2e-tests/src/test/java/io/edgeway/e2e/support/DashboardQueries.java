package io.edgeway.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Every PromQL expression of the Grafana dashboards in {@code observability/grafana/dashboards/}: each panel's
 * targets (rows' nested panels too) and each query variable's {@code label_values(...)}, with Grafana's variables
 * replaced as Grafana would for the whole range and "All" of every variable.
 */
public final class DashboardQueries {

    /** Grafana's built-in interval variables, 5 minutes: the life of a test stack, so a counter that moved in the run shows. */
    private static final Map<String, String> BUILT_INS = Map.of("__rate_interval", "5m", "__interval", "15s",
            "__range", "5m", "__range_s", "300");

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::\\w+)?}|\\$(\\w+)|\\[\\[(\\w+)]]");

    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*(\\w+)\\s*\\)");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One expression: the dashboard file, the panel (or variable) title and the PromQL as it is run. */
    public record Query(String dashboard, String panel, String expr) {

        @Override
        public String toString() {
            return dashboard + " / " + panel + ": " + expr;
        }
    }

    private DashboardQueries() {
    }

    public static Path directory() {
        return Stack.root().resolve("observability/grafana/dashboards");
    }

    /** Every dashboard file. */
    public static List<Path> files() {
        try (Stream<Path> files = Files.list(directory())) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public static JsonNode read(Path file) {
        try {
            return JSON.readTree(Files.readString(file));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Every query of every dashboard, variables replaced; fails on a variable the dashboard does not define. */
    public static List<Query> all() {
        List<Query> queries = new ArrayList<>();
        for (Path file : files()) {
            queries.addAll(of(file));
        }
        return queries;
    }

    public static List<Query> of(Path file) {
        return of(file, BUILT_INS.get("__rate_interval"));
    }

    /** The dashboard's queries with {@code $__rate_interval} as given (a picture wants a shorter one). */
    public static List<Query> of(Path file, String rateInterval) {
        JsonNode dashboard = read(file);
        String name = file.getFileName().toString();
        Map<String, String> values = new HashMap<>(BUILT_INS);
        values.put("__rate_interval", rateInterval);
        List<Query> queries = new ArrayList<>();
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            String type = variable.path("type").asString();
            if ("datasource".equals(type)) {
                continue;
            }
            values.put(variable.get("name").asString(), variable.path("allValue").asString(".*"));
            if ("query".equals(type)) {
                JsonNode query = variable.get("query");
                String text = query.isObject() ? query.path("query").asString() : query.asString();
                Matcher labelValues = LABEL_VALUES.matcher(text);
                String expr = labelValues.matches()
                        ? "count by (" + labelValues.group(2) + ") (" + labelValues.group(1) + ")" : text;
                queries.add(new Query(name, "variable " + variable.get("name").asString(), expr));
            }
        }
        collectPanels(dashboard.path("panels"), name, queries);
        return queries.stream().map(q -> new Query(q.dashboard(), q.panel(), substitute(q.expr(), values, q))).toList();
    }

    private static void collectPanels(JsonNode panels, String dashboard, List<Query> queries) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                if (target.hasNonNull("expr") && !target.path("hide").asBoolean(false)) {
                    queries.add(new Query(dashboard, panel.path("title").asString() + " [" + target.path("refId")
                            .asString() + "]", target.get("expr").asString()));
                }
            }
            collectPanels(panel.path("panels"), dashboard, queries);
        }
    }

    private static String substitute(String expr, Map<String, String> values, Query query) {
        Matcher matcher = VARIABLE.matcher(expr);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1) != null ? matcher.group(1)
                    : matcher.group(2) != null ? matcher.group(2) : matcher.group(3);
            String value = values.get(name);
            if (value == null) {
                throw new IllegalStateException("undefined variable $" + name + " in " + query);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
