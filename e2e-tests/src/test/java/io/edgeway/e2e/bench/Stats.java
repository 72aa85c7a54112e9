package io.edgeway.e2e.bench;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.Locale;

/** Order statistics over the rounds of a benchmark (median, nearest-rank percentile, range, ratio) and how they print. */
final class Stats {

    private Stats() {
    }

    /** The median (the mean of the two middle values for an even count); NaN when there is no value. */
    static double median(double... values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** The 1-based nearest rank of {@code quantile} among {@code count} sorted values: at least 1, at most count. */
    static int nearestRank(int count, double quantile) {
        return Math.min(count, Math.max(1, (int) Math.ceil(quantile * count)));
    }

    /** The nearest-rank percentile: the smallest value with at least {@code quantile} of the values at or below it. */
    static double percentile(double[] values, double quantile) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[nearestRank(sorted.length, quantile) - 1];
    }

    static double min(double... values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    static double max(double... values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }

    /** "min–max" in {@code format} (a {@link String#format} pattern, or null for {@link #plain}); "-" with no value. */
    static String range(double[] values, String format) {
        if (values.length == 0) {
            return "-";
        }
        return format(min(values), format) + "–" + format(max(values), format);
    }

    /** a / b with two decimals; "n/a" when either is missing or b is 0. */
    static String ratio(double a, double b) {
        return ratio(a, b, "%.2f");
    }

    /** a / b in {@code format}; "n/a" when either is missing or b is 0. */
    static String ratio(double a, double b, String format) {
        return Double.isNaN(a) || Double.isNaN(b) || b == 0 ? "n/a" : format(a / b, format);
    }

    /** A value in {@code format}, or {@link #plain} when the format is null; "n/a" for a missing value. */
    static String format(double value, String format) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return format == null ? plain(value) : String.format(Locale.ROOT, format, value);
    }

    /** Six significant digits at most, without trailing zeros: 1234.5, 0.25, 12. */
    static String plain(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return new BigDecimal(value).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }

    /** The numbers among {@code cells} (others, such as "-" or "missed", are left out). */
    static double[] numbers(Iterable<String> cells) {
        return java.util.stream.StreamSupport.stream(cells.spliterator(), false).filter(Stats::isNumber)
                .mapToDouble(Double::parseDouble).toArray();
    }

    static boolean isNumber(String cell) {
        return cell != null && cell.matches("-?[0-9]+(\\.[0-9]*)?([eE][-+]?[0-9]+)?");
    }
}
