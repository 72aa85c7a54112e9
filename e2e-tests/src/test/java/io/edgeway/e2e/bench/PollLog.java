package io.edgeway.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Predicate;

/**
 * The lines of the gateway bench's request loops, one per request: {@code <sent epoch> <answered epoch> <body>
 * <http code> <curl time_total>} (the body may be empty, so the code and the time are counted from the end).
 */
final class PollLog {

    /** One request of a loop. */
    record Request(double sent, double answered, String line, String code, double seconds) {

        boolean ok() {
            return code.startsWith("2");
        }

        boolean answeredBy(String instanceId) {
            return ok() && line.contains("\"instanceId\":\"" + instanceId + "\"");
        }
    }

    private final List<Request> requests;

    PollLog(List<Request> requests) {
        this.requests = List.copyOf(requests);
    }

    static PollLog read(List<Path> files) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path file : files) {
            lines.addAll(Files.readAllLines(file));
        }
        return parse(lines);
    }

    static PollLog parse(List<String> lines) {
        List<Request> requests = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && Stats.isNumber(f[0]) && Stats.isNumber(f[1])) {
                requests.add(new Request(Double.parseDouble(f[0]), Double.parseDouble(f[1]), line, f[f.length - 2],
                        Stats.isNumber(f[f.length - 1]) ? Double.parseDouble(f[f.length - 1]) : 0));
            }
        }
        return new PollLog(requests);
    }

    /** When the first 2xx answer from that instance came back. */
    OptionalDouble firstAnswerFrom(String instanceId) {
        return requests.stream().filter(r -> r.answeredBy(instanceId)).mapToDouble(Request::answered).min();
    }

    /** When the last 2xx answer from that instance came back. */
    OptionalDouble lastAnswerFrom(String instanceId) {
        return requests.stream().filter(r -> r.answeredBy(instanceId)).mapToDouble(Request::answered).max();
    }

    long count() {
        return requests.size();
    }

    long failed() {
        return requests.stream().filter(r -> !r.ok()).count();
    }

    /** The 2xx answers that came back after {@code epoch}. */
    long okAnsweredAfter(double epoch) {
        return requests.stream().filter(r -> r.ok() && r.answered() > epoch).count();
    }

    long sentFrom(double epoch) {
        return requests.stream().filter(r -> r.sent() >= epoch).count();
    }

    /** The latencies (ms) of the requests answered before {@code epoch}. */
    double[] millisAnsweredBefore(double epoch) {
        return millis(r -> r.answered() < epoch);
    }

    /** The latencies (ms) of the requests sent at or after {@code epoch}. */
    double[] millisSentFrom(double epoch) {
        return millis(r -> r.sent() >= epoch);
    }

    private double[] millis(Predicate<Request> which) {
        return requests.stream().filter(which).mapToDouble(r -> r.seconds() * 1000).toArray();
    }

    /** The median gap (ms) between consecutive lines' times in a column (1-based, split at blanks and tabs). */
    static double medianGapMillis(List<String> lines, int column) {
        List<Double> gaps = new ArrayList<>();
        double previous = Double.NaN;
        for (String line : lines) {
            String[] f = line.split("[ \t]");
            if (f.length < column || !Stats.isNumber(f[column - 1])) {
                continue;
            }
            double time = Double.parseDouble(f[column - 1]);
            if (!Double.isNaN(previous)) {
                gaps.add((time - previous) * 1000);
            }
            previous = time;
        }
        return Stats.median(gaps.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
