package io.edgeway.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The Prometheus rules of {@code observability/prometheus/} (alerts and the recording rules they use), read from
 * the files operators deploy, and a copy of them for a test: every alert's {@code for:} shortened, and the expected
 * instance counts set to the test's stack.
 */
public final class AlertRules {

    /** The recording rule that says how many instances of each application the registry should hold. */
    public static final String EXPECTED_INSTANCES = "edgeway:registry_expected_instances";

    /** One rule: an alert (with its {@code for:}) or a recording rule ({@code record}, no {@code for:}). */
    public record Rule(String file, String group, String name, String expr, String forDuration, boolean alert) {

        @Override
        public String toString() {
            return file + " / " + group + " / " + name + ": " + expr;
        }
    }

    private AlertRules() {
    }

    public static Path directory() {
        return Stack.root().resolve("observability/prometheus");
    }

    /** The rule files, as prometheus.yml lists them ({@code rule_files}, relative to its folder). */
    public static List<Path> files() {
        Map<String, Object> config = load(directory().resolve("prometheus.yml"));
        return list(config.get("rule_files")).stream().map(f -> directory().resolve(Path.of(String.valueOf(f))
                .getFileName())).toList();
    }

    /** Every rule of every rule file. */
    public static List<Rule> all() {
        List<Rule> rules = new ArrayList<>();
        for (Path file : files()) {
            for (Object g : list(load(file).get("groups"))) {
                Map<String, Object> group = map(g);
                for (Object r : list(group.get("rules"))) {
                    Map<String, Object> rule = map(r);
                    boolean alert = rule.containsKey("alert");
                    rules.add(new Rule(file.getFileName().toString(), String.valueOf(group.get("name")),
                            String.valueOf(alert ? rule.get("alert") : rule.get("record")),
                            String.valueOf(rule.get("expr")).strip(),
                            rule.containsKey("for") ? String.valueOf(rule.get("for")) : null, alert));
                }
            }
        }
        return rules;
    }

    public static List<Rule> alerts() {
        return all().stream().filter(Rule::alert).toList();
    }

    /**
     * Writes each rule file into {@code dir} with every alert's {@code for:} set to {@code forDuration} (so a fault
     * fires within seconds, not the minutes operators want) and the expected instance counts replaced by
     * {@code expected} (application, as Eureka names it, to count); returns the files written.
     */
    public static List<Path> writeTestCopies(Path dir, String forDuration, Map<String, Integer> expected) {
        List<Path> written = new ArrayList<>();
        for (Path file : files()) {
            Map<String, Object> content = load(file);
            for (Object g : list(content.get("groups"))) {
                Map<String, Object> group = map(g);
                List<Object> rules = new ArrayList<>();
                boolean expectedGroup = false;
                for (Object r : list(group.get("rules"))) {
                    Map<String, Object> rule = map(r);
                    if (EXPECTED_INSTANCES.equals(rule.get("record"))) {
                        expectedGroup = true;
                        continue;
                    }
                    if (rule.containsKey("for")) {
                        rule.put("for", forDuration);
                    }
                    rules.add(rule);
                }
                if (expectedGroup) {
                    expected.forEach((application, count) -> {
                        Map<String, Object> rule = new LinkedHashMap<>();
                        rule.put("record", EXPECTED_INSTANCES);
                        rule.put("expr", "vector(" + count + ")");
                        rule.put("labels", Map.of("application", application));
                        rules.add(rule);
                    });
                }
                group.put("rules", rules);
            }
            DumperOptions options = new DumperOptions();
            options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
            try {
                Path copy = dir.resolve(file.getFileName());
                Files.writeString(copy, new Yaml(options).dump(content));
                written.add(copy);
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        return written;
    }

    static Map<String, Object> load(Path file) {
        try {
            return new Yaml().load(Files.readString(file));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }
}
