package io.edgeway.e2e.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The CPU time of every process on the machine, read from {@code /proc}: a benchmark takes a {@link #snapshot()}
 * before and after each round and reports what each process used in between, so that a busy neighbour cannot pass
 * for the code under test. Also a command line for the shell benchmarks:
 * <pre>
 *   ProcessCpu snapshot FILE
 *   ProcessCpu report BEFORE AFTER SECONDS|- [--measured PID,PID...] [--measured-tree PID,PID...] [--budget MS_PER_S]
 *                     [--label PID=NAME ...] [--tsv FILE --path PATH --round N]
 *   ProcessCpu summary TSV [--range] [--top N]
 * </pre>
 * {@code report} ({@code -}: the time between the two snapshots, which each file records) prints a Markdown table (CPU ms per second of wall time, busiest first) and a last line
 * {@code neighbours: N ms/s (budget B): ok} or {@code ... OVER BUDGET}: the CPU of every process not listed as
 * measured. {@code --measured-tree} also counts as measured every descendant of those processes (a benchmark passes
 * its own pid: the services, load drivers and proxies it started). {@code --tsv} appends the round's usages to FILE,
 * one row per process ({@code path, round, label, pid, ms/s, measured 1/0}); {@code summary} turns such a file into
 * one compact table: the median ms/s of each process over the rounds of each path (with {@code --range}, also min–max).
 * The snapshotting process itself ({@value #SELF}) is never reported: its start-up is measurement overhead, not a
 * neighbour (its parent's time for reaped children is corrected for it like for any child that exits).
 */
public final class ProcessCpu {

    /** Linux's USER_HZ: {@code /proc/<pid>/stat} counts CPU time in these ticks on every platform Java runs on. */
    static final long TICKS_PER_SECOND = 100;

    /**
     * One process's CPU time (user + system, milliseconds) at the moment of the snapshot, its parent, and the CPU time
     * of its children that exited and were waited for (so that short-lived processes, such as a compiler a build
     * forks or the curl of a polling loop, are not lost between two snapshots). {@code startTicks} (when it started,
     * 0 if unknown) tells a reused pid from the same process, whose name may change (exec, exit).
     */
    public record Sample(long pid, long ppid, long startTicks, String name, long cpuMillis, long reapedChildrenMillis) {

        /** A sample without parent, start time or reaped children. */
        public Sample(long pid, String name, long cpuMillis) {
            this(pid, 0, 0, name, cpuMillis, 0);
        }

        long totalMillis() {
            return cpuMillis + reapedChildrenMillis;
        }

        boolean sameProcessAs(Sample other) {
            return other != null && other.pid == pid && other.startTicks == startTicks
                    && (startTicks != 0 || other.name.equals(name));
        }
    }

    /** What one process used between two snapshots. */
    public record Usage(long pid, String name, long cpuMillis, double millisPerSecond) {
    }

    private static final long INIT = 1;

    /** The name this tool's own JVM gets; such processes are left out of every report. */
    static final String SELF = "ProcessCpu";

    private ProcessCpu() {
    }

    /** Every process visible in {@code /proc} now, by pid. */
    public static Map<Long, Sample> snapshot() {
        return snapshot(Path.of("/proc"));
    }

    static Map<Long, Sample> snapshot(Path proc) {
        Map<Long, Sample> samples = new LinkedHashMap<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc, p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path dir : dirs) {
                long pid = Long.parseLong(dir.getFileName().toString());
                try {
                    String stat = Files.readString(dir.resolve("stat"));
                    samples.put(pid, new Sample(pid, ppid(stat), startTicks(stat), name(dir, stat), cpuMillis(stat),
                            reapedChildrenMillis(stat)));
                }
                catch (IOException | RuntimeException gone) {
                    // The process exited between the listing and the read.
                }
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return samples;
    }

    /** Fields 14 and 15 of {@code stat} (utime, stime), counted after the command name, which may hold spaces. */
    static long cpuMillis(String stat) {
        return ticksToMillis(stat, 11, 12);
    }

    /** Fields 16 and 17 of {@code stat} (cutime, cstime): the CPU time of children this process waited for. */
    static long reapedChildrenMillis(String stat) {
        return ticksToMillis(stat, 13, 14);
    }

    /** Field 22 of {@code stat}: clock ticks from boot to the process's start. */
    static long startTicks(String stat) {
        return Long.parseLong(fieldsAfterName(stat)[19]);
    }

    /** Field 4 of {@code stat}. */
    static long ppid(String stat) {
        return Long.parseLong(fieldsAfterName(stat)[1]);
    }

    private static long ticksToMillis(String stat, int first, int second) {
        String[] fields = fieldsAfterName(stat);
        long ticks = Long.parseLong(fields[first]) + Long.parseLong(fields[second]);
        return ticks * 1000 / TICKS_PER_SECOND;
    }

    private static String[] fieldsAfterName(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    }

    /** A readable name: the jar or main class of a JVM, else the command. */
    static String name(Path dir, String stat) {
        String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        try {
            String[] args = new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8).split("\0");
            return commandName(comm, List.of(args));
        }
        catch (IOException ex) {
            return comm;
        }
    }

    static String commandName(String comm, List<String> args) {
        if (args.isEmpty() || args.get(0).isEmpty()) {
            return "[" + comm + "]";
        }
        String program = Path.of(args.get(0)).getFileName().toString();
        if (!program.equals("java")) {
            return args.size() > 1 && program.matches("bash|sh|python3?") ? program + " " + args.get(1) : program;
        }
        for (int i = 1; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-jar") && i + 1 < args.size()) {
                return Path.of(args.get(i + 1)).getFileName().toString().replaceFirst("\\.jar$", "");
            }
            if (arg.equals("-cp") || arg.equals("-classpath") || arg.equals("--class-path")) {
                i++;
            }
            else if (!arg.startsWith("-")) {
                return arg.substring(arg.lastIndexOf('.') + 1);
            }
            else if (arg.startsWith("-Dloader.main=")) {
                return arg.substring(arg.lastIndexOf('.') + 1);
            }
        }
        return "java";
    }

    /**
     * CPU used by each process between two snapshots over {@code window}, busiest first; idle ones left out. A child
     * that exited in the window counts in its parent (through the parent's reaped-children time), less what the child
     * had already used at the first snapshot.
     */
    public static List<Usage> between(Map<Long, Sample> before, Map<Long, Sample> after, Duration window) {
        double seconds = window.toNanos() / 1e9;
        // What exited children had used at the first snapshot, by parent; an exited child's own exited children
        // reached the parent through it, so a whole exited subtree counts against the first parent still alive.
        Map<Long, List<Sample>> goneChildren = new HashMap<>();
        for (Sample then : before.values()) {
            if (!then.sameProcessAs(after.get(then.pid()))) {
                goneChildren.computeIfAbsent(then.ppid(), p -> new ArrayList<>()).add(then);
            }
        }
        Map<Long, Long> usedBeforeByGoneChildren = new HashMap<>();
        for (long parent : goneChildren.keySet()) {
            usedBeforeByGoneChildren.put(parent, usedBefore(parent, goneChildren, new HashSet<>()));
        }
        List<Usage> usages = new ArrayList<>();
        for (Sample now : after.values()) {
            if (now.name().equals(SELF)) {
                continue;
            }
            Sample then = before.get(now.pid());
            // A process that started inside the window used all of its CPU time in it.
            boolean same = now.sameProcessAs(then);
            long used = now.cpuMillis() - (same ? then.cpuMillis() : 0);
            // Init (pid 1) reaps orphans, whose whole lifetime would land in the window: only its own time counts.
            if (same && now.pid() != INIT) {
                long reaped = now.reapedChildrenMillis() - then.reapedChildrenMillis();
                used += Math.max(0, reaped - usedBeforeByGoneChildren.getOrDefault(now.pid(), 0L));
            }
            else if (!same) {
                used += now.reapedChildrenMillis();
            }
            if (used > 0) {
                // An exited process waiting for its parent has no command line left: keep the name it had.
                String name = same && now.name().startsWith("[") && !then.name().startsWith("[") ? then.name() : now.name();
                usages.add(new Usage(now.pid(), name, used, used / seconds));
            }
        }
        usages.sort(Comparator.comparingLong(Usage::cpuMillis).reversed());
        return usages;
    }

    private static long usedBefore(long parent, Map<Long, List<Sample>> goneChildren, Set<Long> seen) {
        long sum = 0;
        for (Sample child : goneChildren.getOrDefault(parent, List.of())) {
            if (seen.add(child.pid())) {
                sum += child.totalMillis() + usedBefore(child.pid(), goneChildren, seen);
            }
        }
        return sum;
    }

    /** {@code roots} and every process below one of them in {@code snapshot} (by parent pid). */
    public static Set<Long> descendants(Map<Long, Sample> snapshot, Set<Long> roots) {
        Set<Long> tree = new HashSet<>();
        for (Sample sample : snapshot.values()) {
            Set<Long> seen = new HashSet<>();
            for (long pid = sample.pid(); pid > 0 && seen.add(pid); pid = parentOf(snapshot, pid)) {
                if (roots.contains(pid)) {
                    tree.add(sample.pid());
                    break;
                }
            }
        }
        tree.addAll(roots);
        return tree;
    }

    private static long parentOf(Map<Long, Sample> snapshot, long pid) {
        Sample sample = snapshot.get(pid);
        return sample == null ? 0 : sample.ppid();
    }

    /** The CPU per second of every process not in {@code measured}. */
    public static double neighbours(List<Usage> usages, Set<Long> measured) {
        return usages.stream().filter(u -> !measured.contains(u.pid())).mapToDouble(Usage::millisPerSecond).sum();
    }

    /** A Markdown table of {@code usages}, measured processes marked. */
    public static String table(List<Usage> usages, Set<Long> measured, Map<Long, String> labels) {
        StringBuilder table = new StringBuilder("| process | pid | CPU ms/s | measured |\n|---|---|---|---|\n");
        for (Usage usage : usages) {
            table.append(String.format("| %s | %d | %.1f | %s |%n", labels.getOrDefault(usage.pid(), usage.name()),
                    usage.pid(), usage.millisPerSecond(), measured.contains(usage.pid()) ? "yes" : ""));
        }
        return table.toString();
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 2 && args[0].equals("snapshot")) {
            // The moment of a snapshot is the middle of its scan, which takes a second or more on a loaded machine.
            long start = System.currentTimeMillis();
            Map<Long, Sample> snapshot = snapshot();
            write(snapshot, (start + System.currentTimeMillis()) / 2, Path.of(args[1]));
            return;
        }
        if (args.length >= 2 && args[0].equals("summary")) {
            boolean range = false;
            int top = 3;
            for (int i = 2; i < args.length; i++) {
                switch (args[i]) {
                    case "--range" -> range = true;
                    case "--top" -> top = Integer.parseInt(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            System.out.print(summary(readRounds(Path.of(args[1])), range, top));
            return;
        }
        if (args.length < 4 || !args[0].equals("report")) {
            System.err.println("usage: ProcessCpu snapshot FILE | report BEFORE AFTER SECONDS [--measured PID,...]"
                    + " [--measured-tree PID,...] [--budget MS_PER_S] [--label PID=NAME ...]"
                    + " [--tsv FILE --path PATH --round N] | summary TSV [--range] [--top N]");
            System.exit(2);
        }
        Duration window = args[3].equals("-") ? takenAt(Path.of(args[1]), Path.of(args[2]))
                : Duration.ofMillis(Math.round(Double.parseDouble(args[3]) * 1000));
        Set<Long> measured = new HashSet<>();
        Set<Long> roots = new HashSet<>();
        Map<Long, String> labels = new LinkedHashMap<>();
        double budget = 50;
        String tsv = null;
        String path = "-";
        String round = "1";
        for (int i = 4; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--measured" -> measured.addAll(pids(args[i + 1]));
                case "--measured-tree" -> roots.addAll(pids(args[i + 1]));
                case "--budget" -> budget = Double.parseDouble(args[i + 1]);
                case "--label" -> {
                    String[] label = args[i + 1].split("=", 2);
                    labels.put(Long.parseLong(label[0]), label[1]);
                }
                case "--tsv" -> tsv = args[i + 1];
                case "--path" -> path = args[i + 1];
                case "--round" -> round = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Map<Long, Sample> after = read(Path.of(args[2]));
        List<Usage> usages = between(read(Path.of(args[1])), after, window);
        if (!roots.isEmpty()) {
            measured.addAll(descendants(after, roots));
        }
        System.out.print(table(usages, measured, labels));
        System.out.println(neighboursLine(neighbours(usages, measured), budget));
        if (tsv != null) {
            appendRounds(roundUsages(usages, measured, labels, path, round), Path.of(tsv));
        }
    }

    /** The last line of a round's report: {@code neighbours: N ms/s (budget B): ok} or {@code ... OVER BUDGET}. */
    static String neighboursLine(double neighbours, double budget) {
        return String.format(Locale.ROOT, "neighbours: %.1f ms/s (budget %.0f): %s", neighbours, budget,
                neighbours <= budget ? "ok" : "OVER BUDGET");
    }

    /** One round's usages as the rows of a {@code --tsv} file. */
    static List<RoundUsage> roundUsages(List<Usage> usages, Set<Long> measured, Map<Long, String> labels, String path,
            String round) {
        return usages.stream().map(u -> new RoundUsage(path, round, labels.getOrDefault(u.pid(), u.name()),
                measured.contains(u.pid()), u.millisPerSecond(), Long.toString(u.pid()))).toList();
    }

    /** Appends rows to a {@code --tsv} file, as {@link #readRounds} reads them. */
    static void appendRounds(List<RoundUsage> rows, Path file) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (RoundUsage row : rows) {
            lines.append(String.format(Locale.ROOT, "%s\t%s\t%s\t%s\t%.1f\t%d%n", row.path(), row.round(),
                    row.label().replace('\t', ' '), row.pid(), row.millisPerSecond(), row.measured() ? 1 : 0));
        }
        Files.writeString(file, lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static Set<Long> pids(String list) {
        Set<Long> pids = new HashSet<>();
        for (String pid : list.split(",")) {
            if (!pid.isBlank()) {
                pids.add(Long.parseLong(pid.trim()));
            }
        }
        return pids;
    }

    /** One process's CPU in one round, as {@code report --tsv} writes it. */
    record RoundUsage(String path, String round, String label, boolean measured, double millisPerSecond, String pid) {

        RoundUsage(String path, String round, String label, boolean measured, double millisPerSecond) {
            this(path, round, label, measured, millisPerSecond, "");
        }
    }

    static List<RoundUsage> readRounds(Path file) throws IOException {
        List<RoundUsage> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.split("\t");
            if (f.length == 6) {
                rows.add(new RoundUsage(f[0], f[1], f[2], f[5].equals("1"), Double.parseDouble(f[4]), f[3]));
            }
        }
        return rows;
    }

    /**
     * One row per measured process (by label, summed over the pids that carry it), then the sum of all neighbours and
     * the {@code top} busiest neighbours (by name); one column per path: the median ms/s over that path's rounds,
     * counting a round where the process used nothing as 0.
     */
    static String summary(List<RoundUsage> rows, boolean range, int top) {
        Map<String, Set<String>> roundsOf = new LinkedHashMap<>();
        Map<String, Map<String, Map<String, Double>>> measured = new LinkedHashMap<>();
        Map<String, Map<String, Map<String, Double>>> neighbours = new LinkedHashMap<>();
        Map<String, Map<String, Double>> allNeighbours = new LinkedHashMap<>();
        for (RoundUsage row : rows) {
            roundsOf.computeIfAbsent(row.path(), p -> new LinkedHashSet<>()).add(row.round());
            (row.measured() ? measured : neighbours).computeIfAbsent(row.label(), l -> new LinkedHashMap<>())
                    .computeIfAbsent(row.path(), p -> new HashMap<>()).merge(row.round(), row.millisPerSecond(), Double::sum);
            if (!row.measured()) {
                allNeighbours.computeIfAbsent(row.path(), p -> new HashMap<>())
                        .merge(row.round(), row.millisPerSecond(), Double::sum);
            }
        }
        StringBuilder table = new StringBuilder("| process (CPU ms/s, median" + (range ? " (min–max)" : "") + " of rounds) |");
        StringBuilder rule = new StringBuilder("| --- |");
        for (Map.Entry<String, Set<String>> path : roundsOf.entrySet()) {
            table.append(' ').append(path.getKey()).append(" (").append(path.getValue().size()).append(") |");
            rule.append(" ---: |");
        }
        table.append('\n').append(rule).append('\n');
        measured.entrySet().stream().sorted(Comparator.comparingDouble(e -> -peak(e.getValue(), roundsOf)))
                .forEach(e -> row(table, e.getKey(), e.getValue(), roundsOf, range));
        row(table, "**all neighbours**", allNeighbours, roundsOf, range);
        neighbours.entrySet().stream().sorted(Comparator.comparingDouble(e -> -peak(e.getValue(), roundsOf))).limit(top)
                .forEach(e -> row(table, "neighbour: " + e.getKey(), e.getValue(), roundsOf, range));
        return table.toString();
    }

    private static void row(StringBuilder table, String label, Map<String, Map<String, Double>> byPath,
            Map<String, Set<String>> roundsOf, boolean range) {
        table.append("| ").append(label).append(" |");
        for (Map.Entry<String, Set<String>> path : roundsOf.entrySet()) {
            double[] values = values(byPath.getOrDefault(path.getKey(), Map.of()), path.getValue());
            table.append(String.format(Locale.ROOT, " %.0f", median(values)));
            if (range && values.length > 1) {
                table.append(String.format(Locale.ROOT, " (%.0f–%.0f)", values[0], values[values.length - 1]));
            }
            table.append(" |");
        }
        table.append('\n');
    }

    private static double peak(Map<String, Map<String, Double>> byPath, Map<String, Set<String>> roundsOf) {
        return roundsOf.entrySet().stream()
                .mapToDouble(p -> median(values(byPath.getOrDefault(p.getKey(), Map.of()), p.getValue()))).max().orElse(0);
    }

    /** The value of each round, 0 where absent, sorted. */
    private static double[] values(Map<String, Double> byRound, Set<String> rounds) {
        return rounds.stream().mapToDouble(r -> byRound.getOrDefault(r, 0.0)).sorted().toArray();
    }

    static double median(double[] values) {
        return values.length == 0 ? 0 : Stats.median(values);
    }

    private static final String TAKEN_AT = "#taken-at-ms\t";

    static Duration takenAt(Path before, Path after) throws IOException {
        return Duration.ofMillis(takenAtMillis(after) - takenAtMillis(before));
    }

    private static long takenAtMillis(Path file) throws IOException {
        try (var lines = Files.lines(file)) {
            return lines.filter(l -> l.startsWith(TAKEN_AT)).mapToLong(l -> Long.parseLong(l.substring(TAKEN_AT.length())))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException(file + " records no time: give SECONDS"));
        }
    }

    static void write(Map<Long, Sample> samples, Path file) throws IOException {
        write(samples, System.currentTimeMillis(), file);
    }

    static void write(Map<Long, Sample> samples, long takenAtMillis, Path file) throws IOException {
        StringBuilder lines = new StringBuilder(TAKEN_AT).append(takenAtMillis).append('\n');
        samples.values().forEach(s -> lines.append(s.pid()).append('\t').append(s.cpuMillis()).append('\t')
                .append(s.ppid()).append('\t').append(s.startTicks()).append('\t').append(s.reapedChildrenMillis()).append('\t')
                .append(s.name().replace('\t', ' ').replace('\n', ' ')).append('\n'));
        Files.writeString(file, lines);
    }

    static Map<Long, Sample> read(Path file) throws IOException {
        Map<Long, Sample> samples = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t", 6);
            long pid = Long.parseLong(fields[0]);
            if (fields.length == 6) {
                samples.put(pid, new Sample(pid, Long.parseLong(fields[2]), Long.parseLong(fields[3]), fields[5],
                        Long.parseLong(fields[1]), Long.parseLong(fields[4])));
            }
            else if (fields.length == 3) {
                samples.put(pid, new Sample(pid, fields[2], Long.parseLong(fields[1])));
            }
        }
        return samples;
    }
}
