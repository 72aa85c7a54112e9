package io.edgeway.e2e.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The config-push bench's samples (one per gateway and commit: the time to the route's first 200 and to its first
 * answer other than 404, whether that answer was a 5xx, whether the commit was kept over the neighbour budget) and
 * its commits (path, sha, commit time), as the table of the summary.
 */
final class PushSamples {

    /** One gateway's answer to one commit ({@code commit}: the commit's number); {@link #MISSED}: no answer in time. */
    record Sample(String path, String commit, long firstOkMillis, boolean fivexxFirst, long matchedMillis,
            boolean overBudget) {

        static final long MISSED = Long.MAX_VALUE;
    }

    /** One measured commit. */
    record Commit(String path, String sha, long epochNanos) {
    }

    private final List<Sample> samples;

    private final List<Commit> commits;

    private final long timeoutSeconds;

    PushSamples(List<Sample> samples, List<Commit> commits, long timeoutSeconds) {
        this.samples = List.copyOf(samples);
        this.commits = List.copyOf(commits);
        this.timeoutSeconds = timeoutSeconds;
    }

    /**
     * One row per path: samples, min, p50, p95, max (nearest rank, a missed sample slower than any other), missed,
     * 5xx before 200, route matched p50 / p95 / max, commit to published p50 (from the config server's log), and
     * the commits kept over the neighbour budget. {@code labels}: path to "name | how a commit gets there".
     */
    String table(Map<String, String> labels, List<String> configServerLog) {
        MarkdownTable table = new MarkdownTable().text("Path").text("How a commit reaches the gateways").figure("Samples")
                .figure("min").figure("p50").figure("p95").figure("max").figure("Missed").figure("5xx before 200")
                .text("Route matched p50 / p95 / max").figure("Commit → published p50")
                .figure("Commits over the neighbour budget");
        for (Map.Entry<String, String> label : labels.entrySet()) {
            List<Sample> path = samples.stream().filter(s -> s.path().equals(label.getKey())).toList();
            long[] firstOk = path.stream().mapToLong(Sample::firstOkMillis).sorted().toArray();
            long[] matched = path.stream().mapToLong(Sample::matchedMillis).sorted().toArray();
            String[] name = label.getValue().split(" \\| ", 2);
            table.row(name[0], name.length > 1 ? name[1] : "", path.size(),
                    seconds(path.stream().mapToLong(Sample::firstOkMillis).filter(m -> m != Sample.MISSED).min()
                            .orElse(-1)),
                    seconds(rank(firstOk, 0.50)), seconds(rank(firstOk, 0.95)), seconds(rank(firstOk, 1.0)),
                    path.stream().filter(s -> s.firstOkMillis() == Sample.MISSED).count(),
                    path.stream().filter(Sample::fivexxFirst).count(),
                    seconds(rank(matched, 0.50)) + " / " + seconds(rank(matched, 0.95)) + " / "
                            + seconds(rank(matched, 1.0)),
                    seconds(publishedMedian(label.getKey(), configServerLog)), overBudget(path));
        }
        return table.toString();
    }

    /** The nearest-rank median (ms) from each commit of the path to the config server's "Published config commit". */
    long publishedMedian(String path, List<String> configServerLog) {
        List<Long> millis = new ArrayList<>();
        for (Commit commit : commits) {
            if (!commit.path().equals(path)) {
                continue;
            }
            OptionalDouble published = LogTimestamps.firstMatching(configServerLog,
                    "Published config commit " + commit.sha());
            if (published.isPresent()) {
                millis.add(Math.round(published.getAsDouble() * 1000) - commit.epochNanos() / 1_000_000);
            }
        }
        return rank(millis.stream().mapToLong(Long::longValue).sorted().toArray(), 0.5);
    }

    private static String overBudget(List<Sample> path) {
        Set<String> all = new LinkedHashSet<>();
        Set<String> over = new LinkedHashSet<>();
        for (Sample s : path) {
            all.add(s.commit());
            if (s.overBudget()) {
                over.add(s.commit());
            }
        }
        return over.size() + " of " + all.size();
    }

    /** The nearest-rank percentile of sorted values; -1 (printed "-") when there is none. */
    private static long rank(long[] sorted, double quantile) {
        return sorted.length == 0 ? -1 : sorted[Stats.nearestRank(sorted.length, quantile) - 1];
    }

    /** "1.23 s"; a missed sample "> T s (missed)"; none "-". */
    private String seconds(long millis) {
        if (millis == Sample.MISSED) {
            return "> " + timeoutSeconds + " s (missed)";
        }
        return millis < 0 ? "-" : String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
    }
}
