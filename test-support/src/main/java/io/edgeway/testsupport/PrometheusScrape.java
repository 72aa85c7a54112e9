package io.edgeway.testsupport;

import java.util.List;

/** One scrape of {@code /actuator/prometheus} in the text format, read the way a test asks about it. */
public record PrometheusScrape(String text) {

    /** Every series: each line that is not a comment. */
    public List<String> series() {
        return text.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
    }

    /** The series of a metric, by its scraped name ({@code edgeway_gateway_refusals_total}). */
    public List<String> series(String name) {
        return series().stream().filter(line -> line.startsWith(name + "{") || line.startsWith(name + " ")).toList();
    }

    /** The value of one series, written as scraped ({@code name{tag="value",...}}, tags in name order), or 0. */
    public double value(String series) {
        return series().stream().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).trim())).orElse(0.0);
    }

    /** Whether the scrape has this series. */
    public boolean has(String series) {
        return series().stream().anyMatch(line -> line.startsWith(series + " "));
    }
}
