package io.edgeway.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The statistics, parsing and tables of the shell benchmarks, one command per call ({@code bench/lib/common.sh}
 * compiles it with {@code javac} alone and runs it as {@code report COMMAND ...}):
 * <pre>
 *   wrk FILE                                   req/s p50-ms p99-ms requests non-2xx socket-errors of a wrk --latency run
 *   wrk-ok FILE                                its 2xx answers per second
 *   median|sum|range|list TSV COLUMN [COL=VALUE...] [--format F] [--per COL [--over COLUMN2]] [--flag COL]
 *   rows TSV COLUMN... [COL=VALUE...]          the selected cells as Markdown table rows
 *   cells TSV COLUMN... [COL=VALUE...]         the same as tab-separated lines
 *   ratio A B | difference A B [--format F]    a / b (n/a without b), a - b; two decimals by default
 *   ms-between A B                             (b - a) in ms from two epoch seconds, n/a if one is missing
 *   us-per-request TICKS REQUESTS [HZ]         CPU µs per request from clock ticks
 *   machine-busy "BUSY STEAL TOTAL" "BUSY STEAL TOTAL"   busy % and steal % of /proc/stat jiffies in between
 *   polls first-answer|last-answer ID FILE... | count|failed FILE... | sent-from|ok-after T FILE...
 *         | latency median|max before|after T FILE...   the gateway bench's request loops
 *   gap-ms FILE COLUMN                         the median gap between consecutive times of a poller log
 *   log-time FILE REGEX                        the epoch seconds of the first log line matching REGEX
 *   registry-first POLLS ID up|notup|absent AFTER   the first Eureka poll at or after AFTER where it held
 *   flagged ATTEMPTS BUDGET                    the line about the rounds over the neighbour budget
 *   idle-services|idle-others USAGE / idle-verdict USAGE GOAL   the idle bench's tables
 *   measured-cpu USAGE PATH ROUND|- LABEL|- [--format F]   ms/s of the measured processes (all rounds / labels: -)
 *   jfr-threads JFR CPUS / jfr-frames JFR      a recording's five busiest Java threads / top frames
 *   cpu-section USAGE ATTEMPTS BUDGET REPEATS ROUNDS-DIR [--range] [--top N]   a summary's CPU section (cpu.sh)
 * </pre>
 * {@code --per COL} sums the column over the rows of each value of COL (a round) before the statistic; with
 * {@code --over COLUMN2}, each such sum is divided by the sum of COLUMN2. {@code --flag COL} appends that column's
 * cell (such as "*") to each value of a list. Without {@code --format}, values print with up to six digits.
 */
public final class BenchReport {

    private BenchReport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: BenchReport COMMAND ... (see the class comment)");
        }
        String result = run(args[0], new ArrayList<>(Arrays.asList(args).subList(1, args.length)));
        System.out.print(result.endsWith("\n") || result.isEmpty() ? result : result + "\n");
    }

    static String run(String command, List<String> args) throws IOException {
        String format = option(args, "--format");
        return switch (command) {
            case "wrk" -> WrkOutput.parse(Files.readString(Path.of(args.get(0)))).line();
            case "wrk-ok" -> Stats.format(WrkOutput.parse(Files.readString(Path.of(args.get(0)))).okPerSecond(), "%.1f");
            case "median", "sum", "range", "list" -> column(command, args, format);
            case "rows" -> markdownRows(selectedCells(args));
            case "cells" -> selectedCells(args).stream().map(r -> String.join("\t", r) + "\n")
                    .collect(java.util.stream.Collectors.joining());
            case "ratio" -> Stats.ratio(number(args.get(0)), number(args.get(1)), orDefault(format, "%.2f"));
            case "difference" -> Stats.format(number(args.get(0)) - number(args.get(1)), orDefault(format, "%.2f"));
            case "ms-between" -> Stats.format((number(args.get(1)) - number(args.get(0))) * 1000, "%.0f");
            case "us-per-request" -> usPerRequest(args);
            case "machine-busy" -> machineBusy(args.get(0), args.get(1));
            case "polls" -> polls(args);
            case "gap-ms" -> Stats.format(PollLog.medianGapMillis(Files.readAllLines(Path.of(args.get(0))),
                    Integer.parseInt(args.get(1))), "%.0f");
            case "log-time" -> epoch(LogTimestamps.firstMatching(Files.readAllLines(Path.of(args.get(0))), args.get(1)));
            case "registry-first" -> RegistryEvents.fromPolls(Files.readAllLines(Path.of(args.get(0))))
                    .first(args.get(1), RegistryEvents.Condition.parse(args.get(2)), number(args.get(3))).orElse("");
            case "flagged" -> new RoundAttempts(TsvFile.read(Path.of(args.get(0)))).overBudget(args.get(1));
            case "idle-services" -> idle(args).services();
            case "idle-verdict" -> idle(args).verdict(number(args.get(1)));
            case "idle-others" -> idle(args).others(10);
            case "jfr-threads" -> JfrProfile.read(Path.of(args.get(0))).busiestThreads(Integer.parseInt(args.get(1)), 5);
            case "jfr-frames" -> JfrProfile.read(Path.of(args.get(0))).topFrames(5);
            case "measured-cpu" -> Stats.format(ProcessCpu.readRounds(Path.of(args.get(0))).stream()
                    .filter(u -> u.measured() && u.path().equals(args.get(1)) && matches(args.get(2), u.round())
                            && matches(args.get(3), u.label()))
                    .mapToDouble(ProcessCpu.RoundUsage::millisPerSecond).sum(), format);
            case "cpu-section" -> cpuSection(args);
            default -> throw new IllegalArgumentException("unknown command " + command);
        };
    }

    /** A statistic of one column over the selected rows (see the class comment). */
    static String column(String statistic, List<String> args, String format) throws IOException {
        String per = option(args, "--per");
        String over = option(args, "--over");
        String flag = option(args, "--flag");
        TsvFile rows = TsvFile.read(Path.of(args.get(0))).where(filters(args.subList(2, args.size())));
        String column = args.get(1);
        if (statistic.equals("list")) {
            List<String> values = rows.column(column);
            List<String> flags = flag == null ? null : rows.column(flag);
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                cells.add(values.get(i) + (flags == null ? "" : flags.get(i)));
            }
            return String.join(", ", cells);
        }
        double[] values = per == null ? rows.numbers(column) : perGroup(rows, per, column, over);
        return switch (statistic) {
            case "median" -> Stats.format(Stats.median(values), format);
            case "sum" -> Stats.format(Arrays.stream(values).sum(), format);
            default -> Stats.range(values, format);
        };
    }

    private static double[] perGroup(TsvFile rows, String per, String column, String over) {
        Map<String, Double> sums = rows.sumsBy(per, column);
        if (over == null) {
            return sums.values().stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v)).toArray();
        }
        Map<String, Double> totals = rows.sumsBy(per, over);
        return sums.entrySet().stream().mapToDouble(e -> {
            double total = totals.getOrDefault(e.getKey(), 0.0);
            return total == 0 ? 0 : e.getValue() / total;
        }).filter(v -> !Double.isNaN(v)).toArray();
    }

    /** The cells of the named columns in each selected row. */
    private static List<List<String>> selectedCells(List<String> args) throws IOException {
        List<String> columns = args.subList(1, args.size()).stream().filter(a -> !a.contains("=")).toList();
        TsvFile rows = TsvFile.read(Path.of(args.get(0))).where(filters(args.subList(1, args.size())));
        List<List<String>> byColumn = columns.stream().map(rows::column).toList();
        List<List<String>> cells = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            int row = i;
            cells.add(byColumn.stream().map(c -> c.get(row)).toList());
        }
        return cells;
    }

    private static String markdownRows(List<List<String>> cells) {
        MarkdownTable table = new MarkdownTable();
        cells.forEach(row -> table.row(row.toArray()));
        return table.rows();
    }

    private static String usPerRequest(List<String> args) {
        double ticks = number(args.get(0));
        double requests = number(args.get(1));
        double hz = args.size() > 2 ? number(args.get(2)) : ProcessCpu.TICKS_PER_SECOND;
        return Stats.format(requests == 0 ? 0 : ticks / hz * 1e6 / requests, "%.0f");
    }

    /** "busy% steal%" of the machine between two "busy steal total" jiffy counts. */
    static String machineBusy(String before, String after) {
        double[] a = Arrays.stream(before.trim().split("\\s+")).mapToDouble(Double::parseDouble).toArray();
        double[] b = Arrays.stream(after.trim().split("\\s+")).mapToDouble(Double::parseDouble).toArray();
        double total = b[2] - a[2];
        return String.format(Locale.ROOT, "%.0f %.1f", 100 * (b[0] - a[0]) / total, 100 * (b[1] - a[1]) / total);
    }

    private static String polls(List<String> args) throws IOException {
        String what = args.get(0);
        return switch (what) {
            case "first-answer" -> epoch(log(args, 2).firstAnswerFrom(args.get(1)));
            case "last-answer" -> epoch(log(args, 2).lastAnswerFrom(args.get(1)));
            case "count" -> String.valueOf(log(args, 1).count());
            case "failed" -> String.valueOf(log(args, 1).failed());
            case "sent-from" -> String.valueOf(log(args, 2).sentFrom(number(args.get(1))));
            case "ok-after" -> String.valueOf(log(args, 2).okAnsweredAfter(number(args.get(1))));
            case "latency" -> {
                PollLog log = log(args, 4);
                double at = number(args.get(3));
                double[] millis = args.get(2).equals("before") ? log.millisAnsweredBefore(at) : log.millisSentFrom(at);
                yield args.get(1).equals("max") ? Stats.format(Stats.max(millis), "%.0f")
                        : Stats.format(Stats.median(millis), "%.1f");
            }
            default -> throw new IllegalArgumentException("unknown polls statistic " + what);
        };
    }

    private static PollLog log(List<String> args, int firstFile) throws IOException {
        return PollLog.read(args.subList(firstFile, args.size()).stream().map(Path::of).toList());
    }

    private static String cpuSection(List<String> args) throws IOException {
        boolean range = args.remove("--range");
        String top = option(args, "--top");
        return CpuRounds.section(ProcessCpu.readRounds(Path.of(args.get(0))), TsvFile.read(Path.of(args.get(1))),
                args.get(2), args.get(3), args.get(4), range, top == null ? 3 : Integer.parseInt(top));
    }

    private static IdleStackTable idle(List<String> args) throws IOException {
        return new IdleStackTable(ProcessCpu.readRounds(Path.of(args.get(0))), "idle");
    }

    /** "-" matches anything. */
    private static boolean matches(String wanted, String value) {
        return wanted.equals("-") || wanted.equals(value);
    }

    private static String epoch(OptionalDouble seconds) {
        return seconds.isPresent() ? String.format(Locale.ROOT, "%.6f", seconds.getAsDouble()) : "";
    }

    private static List<String> filters(List<String> args) {
        return args.stream().filter(a -> a.contains("=")).toList();
    }

    /** Removes {@code --name VALUE} from args and returns the value (null when absent). */
    private static String option(List<String> args, String name) {
        int at = args.indexOf(name);
        if (at < 0) {
            return null;
        }
        String value = args.get(at + 1);
        args.subList(at, at + 2).clear();
        return value;
    }

    private static String orDefault(String value, String otherwise) {
        return value == null ? otherwise : value;
    }

    /** A number, NaN for a missing one ("", "-", "n/a", "nan"). */
    private static double number(String text) {
        return Stats.isNumber(text) ? Double.parseDouble(text) : Double.NaN;
    }
}
