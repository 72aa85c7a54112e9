package io.edgeway.e2e.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.edgeway.e2e.bench.ProcessCpu.RoundUsage;

/**
 * The idle bench's tables from the windows' CPU usage ({@code ProcessCpu report --tsv}): each service of the stack
 * (median and range over the windows, share of the stack), the whole stack against its goal, and the other processes.
 */
final class IdleStackTable {

    private final Set<String> windows = new LinkedHashSet<>();

    private final Map<String, Map<String, Double>> services = new LinkedHashMap<>();

    private final Map<String, Map<String, Double>> others = new LinkedHashMap<>();

    private final Map<String, String> pidOf = new LinkedHashMap<>();

    private final Map<String, Double> stackByWindow = new LinkedHashMap<>();

    IdleStackTable(List<RoundUsage> usages, String path) {
        for (RoundUsage u : usages) {
            if (!u.path().equals(path)) {
                continue;
            }
            windows.add(u.round());
            stackByWindow.merge(u.round(), u.measured() ? u.millisPerSecond() : 0, Double::sum);
            if (u.measured()) {
                pidOf.putIfAbsent(u.label(), u.pid());
                services.computeIfAbsent(u.label(), l -> new LinkedHashMap<>()).merge(u.round(), u.millisPerSecond(),
                        Double::sum);
            }
            else {
                others.computeIfAbsent(u.label() + " | " + u.pid(), l -> new LinkedHashMap<>()).put(u.round(),
                        u.millisPerSecond());
            }
        }
    }

    /** The stack's CPU (ms/s): the median over the windows of all its services together. */
    double stack() {
        return Stats.median(stackByWindow.values().stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Every service, busiest first, then the whole stack. */
    String services() {
        double stack = stack();
        MarkdownTable table = new MarkdownTable().text("service").figure("pid").figure("CPU ms/s, median").text("min–max")
                .figure("share of the stack");
        services.entrySet().stream().sorted(Comparator.comparingDouble(e -> -Stats.median(perWindow(e.getValue()))))
                .forEach(e -> {
                    double[] values = perWindow(e.getValue());
                    double median = Stats.median(values);
                    table.row(e.getKey(), pidOf.get(e.getKey()), one(median), Stats.range(values, "%.1f"),
                            String.format(Locale.ROOT, "%.0f %%", stack == 0 ? 0 : 100 * median / stack));
                });
        double[] totals = stackByWindow.values().stream().mapToDouble(Double::doubleValue).toArray();
        table.row("**whole stack**", "", "**" + one(stack) + "**", Stats.range(totals, "%.1f"), "100 %");
        return table.toString();
    }

    /** One line: the stack's CPU against the goal (ms/s). */
    String verdict(double goal) {
        double stack = stack();
        String goalText = Stats.plain(goal);
        return stack <= goal
                ? "**The idle stack uses " + one(stack) + " ms of CPU per second: within the goal of <= " + goalText + " ms/s.**"
                : "**The idle stack uses " + one(stack) + " ms of CPU per second: " + one(stack / goal) + " x the goal of <= "
                        + goalText + " ms/s.**";
    }

    /** The {@code top} busiest other processes (by their busiest window): median and max over the windows. */
    String others(int top) {
        MarkdownTable table = new MarkdownTable().text("process").figure("pid").figure("CPU ms/s, median").figure("max");
        List<Map.Entry<String, Map<String, Double>>> busiest = new ArrayList<>(others.entrySet());
        busiest.sort(Comparator.comparingDouble(e -> -Stats.max(perWindow(e.getValue()))));
        busiest.stream().limit(top).forEach(e -> {
            double[] values = perWindow(e.getValue());
            String[] labelAndPid = e.getKey().split(" \\| ", 2);
            table.row(labelAndPid[0], labelAndPid[1], one(Stats.median(values)), one(Stats.max(values)));
        });
        return table.toString();
    }

    /** A process's value in every window, 0 where it used nothing. */
    private double[] perWindow(Map<String, Double> byWindow) {
        return windows.stream().mapToDouble(w -> byWindow.getOrDefault(w, 0.0)).toArray();
    }

    private static String one(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
