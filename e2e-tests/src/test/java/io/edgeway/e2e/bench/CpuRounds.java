package io.edgeway.e2e.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The CPU of every process on the machine in each measured round of a Java benchmark, as {@code bench/lib/cpu.sh}
 * records it for the shell ones: a {@link ProcessCpu} snapshot before and after each attempt; this JVM and every
 * process below it (the services it started) are measured, every other process is a neighbour. An attempt whose
 * neighbours used more than the budget is made again, up to the repeats, then kept and flagged. The kept attempts'
 * usages go to {@code usage.tsv}, every attempt to {@code attempts.tsv}, each attempt's table to {@code rounds/}.
 */
final class CpuRounds {

    /** What a round's kept attempt returned, and whether its neighbours were over the budget. */
    record Kept<T>(T result, boolean overBudget) {
    }

    private static final String ATTEMPTS_HEADER = "path\tround\tattempt\tneighbours_ms_s\tstatus";

    private final Path dir;

    private final double budget;

    private final int repeats;

    private final Supplier<Map<Long, String>> labels;

    private final List<ProcessCpu.RoundUsage> usages = new ArrayList<>();

    private final List<String> attempts = new ArrayList<>(List.of(ATTEMPTS_HEADER));

    /** Records in {@code dir}; {@code labels} names the processes the benchmark started (by pid) at each round. */
    CpuRounds(Path dir, double budget, int repeats, Supplier<Map<Long, String>> labels) {
        this.dir = dir;
        this.budget = budget;
        this.repeats = repeats;
        this.labels = labels;
        try {
            Files.createDirectories(dir.resolve("rounds"));
            Files.write(dir.resolve("attempts.tsv"), attempts);
            Files.writeString(dir.resolve("usage.tsv"), "");
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Runs {@code attempt} until its neighbours stay within the budget, at most 1 + repeats times; the last is kept. */
    <T> Kept<T> round(String path, int round, Supplier<T> attempt) {
        for (int n = 1;; n++) {
            Snapshot before = Snapshot.take();
            T result = attempt.get();
            Snapshot after = Snapshot.take();
            List<ProcessCpu.Usage> used = ProcessCpu.between(before.samples(), after.samples(),
                    Duration.ofMillis(after.atMillis() - before.atMillis()));
            Set<Long> measured = ProcessCpu.descendants(after.samples(), Set.of(ProcessHandle.current().pid()));
            Map<Long, String> names = labels.get();
            double neighbours = ProcessCpu.neighbours(used, measured);
            boolean over = neighbours > budget;
            String neighboursText = String.format(Locale.ROOT, "%.1f", neighbours);
            String name = path + "-round" + round + "-attempt" + n;
            String attemptLine = String.join("\t", path, Integer.toString(round), Integer.toString(n), neighboursText,
                    over ? "over" : "ok");
            attempts.add(attemptLine);
            try {
                Files.writeString(dir.resolve("rounds").resolve(name + ".md"), ProcessCpu.table(used, measured, names)
                        + ProcessCpu.neighboursLine(neighbours, budget) + "\n");
                Files.writeString(dir.resolve("attempts.tsv"), attemptLine + "\n", java.nio.file.StandardOpenOption.APPEND);
                if (!over || n > repeats) {
                    List<ProcessCpu.RoundUsage> rows = ProcessCpu.roundUsages(used, measured, names, path,
                            Integer.toString(round));
                    usages.addAll(rows);
                    ProcessCpu.appendRounds(rows, dir.resolve("usage.tsv"));
                }
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            if (!over) {
                return new Kept<>(result, false);
            }
            if (n > repeats) {
                System.out.printf("  round %d %s: neighbours used %s ms/s of CPU (budget %s): kept, flagged%n", round,
                        path, neighboursText, Stats.plain(budget));
                return new Kept<>(result, true);
            }
            System.out.printf("  round %d %s: neighbours used %s ms/s of CPU (budget %s): repeating it (%d of %d)%n",
                    round, path, neighboursText, Stats.plain(budget), n, repeats);
        }
    }

    /** The summary's CPU section over every kept round; {@code shownDir}: how the section names {@code dir}. */
    String section(String shownDir) {
        return section(usages, TsvFile.parse(attempts), Stats.plain(budget), Integer.toString(repeats),
                shownDir + "/rounds/", false, 3);
    }

    /**
     * The CPU section of a summary: what was measured, the median ms/s of every process per path
     * ({@link ProcessCpu#summary}) and the line about the rounds over the budget ({@link RoundAttempts}).
     */
    static String section(List<ProcessCpu.RoundUsage> usages, TsvFile attempts, String budget, String repeats,
            String roundsDir, boolean range, int top) {
        return "CPU (ms per second of wall time, `ProcessCpu` from /proc; a child that exited counts in its parent) "
                + "of every process\nduring each round's kept attempt. Measured: the processes this benchmark started "
                + "(services, load drivers, proxies);\n**neighbours**: every other process on the machine. A round "
                + "whose neighbours used more than " + budget + " ms/s is run\nagain, up to " + repeats
                + " times, then kept and flagged (`*`). Tables per round and attempt: `" + roundsDir + "`.\n\n"
                + ProcessCpu.summary(usages, range, top) + "\n" + new RoundAttempts(attempts).overBudget(budget) + "\n";
    }

    /** Every process's CPU time, and when: the middle of the scan, which takes a while on a loaded machine. */
    private record Snapshot(Map<Long, ProcessCpu.Sample> samples, long atMillis) {

        static Snapshot take() {
            long start = System.currentTimeMillis();
            Map<Long, ProcessCpu.Sample> samples = ProcessCpu.snapshot();
            return new Snapshot(samples, (start + System.currentTimeMillis()) / 2);
        }
    }
}
