package io.edgeway.e2e.bench;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What one {@code wrk --latency} run printed: throughput, p50 and p99, requests, non-2xx answers and socket errors. */
record WrkOutput(double requestsPerSecond, double p50Millis, double p99Millis, long requests, long non2xx,
        long socketErrors) {

    private static final Pattern PERCENTILE = Pattern.compile("^\\s*(50|99)(?:\\.0+)?%\\s+([0-9.]+)(us|ms|s|m)\\s*$",
            Pattern.MULTILINE);

    private static final Pattern REQUESTS = Pattern.compile("^\\s*(\\d+) requests in ", Pattern.MULTILINE);

    private static final Pattern RATE = Pattern.compile("^Requests/sec:\\s+([0-9.]+)", Pattern.MULTILINE);

    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");

    private static final Pattern SOCKET_ERRORS = Pattern.compile("Socket errors:(.*)$", Pattern.MULTILINE);

    /** Parses wrk's report; a figure wrk did not print (no non-2xx line, say) is 0. */
    static WrkOutput parse(String text) {
        double p50 = 0;
        double p99 = 0;
        Matcher percentile = PERCENTILE.matcher(text);
        while (percentile.find()) {
            double millis = millis(Double.parseDouble(percentile.group(2)), percentile.group(3));
            if (percentile.group(1).equals("50")) {
                p50 = millis;
            }
            else {
                p99 = millis;
            }
        }
        long socketErrors = 0;
        Matcher errors = SOCKET_ERRORS.matcher(text);
        if (errors.find()) {
            Matcher count = Pattern.compile("\\d+").matcher(errors.group(1));
            while (count.find()) {
                socketErrors += Long.parseLong(count.group());
            }
        }
        return new WrkOutput(first(RATE, text, 0), p50, p99, (long) first(REQUESTS, text, 0),
                (long) first(NON_2XX, text, 0), socketErrors);
    }

    /** One line, as the scripts read it: "req/s p50-ms p99-ms requests non-2xx socket-errors". */
    String line() {
        return String.format(Locale.ROOT, "%.1f %.3f %.3f %d %d %d", requestsPerSecond, p50Millis, p99Millis, requests,
                non2xx, socketErrors);
    }

    /** The 2xx answers per second: the rate times the share of answers that were not non-2xx. */
    double okPerSecond() {
        return requests == 0 ? 0 : requestsPerSecond * (requests - non2xx) / requests;
    }

    private static double millis(double value, String unit) {
        return switch (unit) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            case "m" -> value * 60_000;
            default -> value;
        };
    }

    private static double first(Pattern pattern, String text, double otherwise) {
        Matcher m = pattern.matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : otherwise;
    }
}
