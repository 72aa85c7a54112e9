package io.edgeway.e2e.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The CPU time of every process on the machine, read from {@code /proc}: a benchmark takes a {@link #snapshot()}
 * before and after each round and reports what each process used in between, so that a busy neighbour cannot pass
 * for the code under test. Also a command line for the shell benchmarks:
 * <pre>
 *   ProcessCpu snapshot FILE
 *   ProcessCpu report BEFORE AFTER SECONDS [--measured PID,PID...] [--budget MS_PER_S] [--label PID=NAME ...]
 * </pre>
 * {@code report} prints a Markdown table (CPU ms per second of wall time, busiest first) and a last line
 * {@code neighbours: N ms/s (budget B): ok} or {@code ... OVER BUDGET}: the CPU of every process not listed as
 * measured, itself included.
 */
public final class ProcessCpu {

    /** Linux's USER_HZ: {@code /proc/<pid>/stat} counts CPU time in these ticks on every platform Java runs on. */
    static final long TICKS_PER_SECOND = 100;

    /** One process's CPU time (user + system, milliseconds) at the moment of the snapshot. */
    public record Sample(long pid, String name, long cpuMillis) {
    }

    /** What one process used between two snapshots. */
    public record Usage(long pid, String name, long cpuMillis, double millisPerSecond) {
    }

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
                    samples.put(pid, new Sample(pid, name(dir, stat), cpuMillis(stat)));
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
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * 1000 / TICKS_PER_SECOND;
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

    /** CPU used by each process between two snapshots over {@code window}, busiest first; idle ones left out. */
    public static List<Usage> between(Map<Long, Sample> before, Map<Long, Sample> after, Duration window) {
        double seconds = window.toNanos() / 1e9;
        List<Usage> usages = new ArrayList<>();
        for (Sample now : after.values()) {
            Sample then = before.get(now.pid());
            // A process that started inside the window used all of its CPU time in it.
            long used = now.cpuMillis() - (then == null || !then.name().equals(now.name()) ? 0 : then.cpuMillis());
            if (used > 0) {
                usages.add(new Usage(now.pid(), now.name(), used, used / seconds));
            }
        }
        usages.sort(Comparator.comparingLong(Usage::cpuMillis).reversed());
        return usages;
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
            write(snapshot(), Path.of(args[1]));
            return;
        }
        if (args.length < 4 || !args[0].equals("report")) {
            System.err.println("usage: ProcessCpu snapshot FILE | report BEFORE AFTER SECONDS [--measured PID,...]"
                    + " [--budget MS_PER_S] [--label PID=NAME ...]");
            System.exit(2);
        }
        Duration window = Duration.ofMillis(Math.round(Double.parseDouble(args[3]) * 1000));
        Set<Long> measured = new HashSet<>();
        Map<Long, String> labels = new LinkedHashMap<>();
        double budget = 50;
        for (int i = 4; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--measured" -> {
                    for (String pid : args[i + 1].split(",")) {
                        if (!pid.isBlank()) {
                            measured.add(Long.parseLong(pid.trim()));
                        }
                    }
                }
                case "--budget" -> budget = Double.parseDouble(args[i + 1]);
                case "--label" -> {
                    String[] label = args[i + 1].split("=", 2);
                    labels.put(Long.parseLong(label[0]), label[1]);
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        List<Usage> usages = between(read(Path.of(args[1])), read(Path.of(args[2])), window);
        double neighbours = neighbours(usages, measured);
        System.out.print(table(usages, measured, labels));
        System.out.printf("neighbours: %.1f ms/s (budget %.0f): %s%n", neighbours, budget,
                neighbours <= budget ? "ok" : "OVER BUDGET");
    }

    static void write(Map<Long, Sample> samples, Path file) throws IOException {
        StringBuilder lines = new StringBuilder();
        samples.values().forEach(s -> lines.append(s.pid()).append('\t').append(s.cpuMillis()).append('\t')
                .append(s.name()).append('\n'));
        Files.writeString(file, lines);
    }

    static Map<Long, Sample> read(Path file) throws IOException {
        Map<Long, Sample> samples = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] fields = line.split("\t", 3);
            if (fields.length == 3) {
                long pid = Long.parseLong(fields[0]);
                samples.put(pid, new Sample(pid, fields[2], Long.parseLong(fields[1])));
            }
        }
        return samples;
    }
}
