package io.edgeway.e2e.bench;

import java.util.Arrays;

/** A thread-safe list of latencies in nanoseconds, taken and cleared per measured window, with nearest-rank percentiles. */
final class Latencies {

    private long[] values = new long[1024];

    private int size;

    synchronized void record(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    /** The values recorded since the last call, sorted; clears the list. */
    synchronized long[] drainSorted() {
        long[] taken = Arrays.copyOf(values, size);
        size = 0;
        Arrays.sort(taken);
        return taken;
    }

    /**
     * The nearest-rank percentile of sorted values: the smallest value with at least {@code quantile} of the values
     * at or below it; -1 when there are none.
     */
    static long percentile(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return -1;
        }
        return sorted[Stats.nearestRank(sorted.length, quantile) - 1];
    }

    /** Milliseconds with one decimal, or "-" when there is no value. */
    static String millis(long nanos) {
        return nanos < 0 ? "-" : String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e6);
    }
}
