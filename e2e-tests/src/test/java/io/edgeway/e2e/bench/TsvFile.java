package io.edgeway.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A tab-separated file whose first line names the columns, as the bench scripts write their rounds. */
final class TsvFile {

    private final List<String> columns;

    private final List<String[]> rows;

    TsvFile(List<String> columns, List<String[]> rows) {
        this.columns = List.copyOf(columns);
        this.rows = List.copyOf(rows);
    }

    static TsvFile read(Path file) throws IOException {
        return parse(Files.readAllLines(file));
    }

    static TsvFile parse(List<String> lines) {
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("no header line");
        }
        List<String[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isEmpty()) {
                rows.add(line.split("\t", -1));
            }
        }
        return new TsvFile(Arrays.asList(lines.get(0).split("\t", -1)), rows);
    }

    /** The rows whose cell in {@code column} equals {@code value}. */
    TsvFile where(String column, String value) {
        int index = indexOf(column);
        return new TsvFile(columns, rows.stream().filter(r -> value.equals(cell(r, index))).toList());
    }

    /** The rows matching every {@code column=value} filter. */
    TsvFile where(List<String> filters) {
        TsvFile selected = this;
        for (String filter : filters) {
            int eq = filter.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("not a COLUMN=VALUE filter: " + filter);
            }
            selected = selected.where(filter.substring(0, eq), filter.substring(eq + 1));
        }
        return selected;
    }

    /** The cells of {@code column}, row by row; "" where a row is short. */
    List<String> column(String column) {
        int index = indexOf(column);
        return rows.stream().map(r -> cell(r, index)).toList();
    }

    /** The numeric cells of {@code column}. */
    double[] numbers(String column) {
        return Stats.numbers(column(column));
    }

    /**
     * The sum of {@code column} over the rows of each distinct value of {@code key}, in order of first appearance;
     * NaN for a key none of whose cells is a number (such as OpenLoop's "nan" for no refusal at all).
     */
    Map<String, Double> sumsBy(String key, String column) {
        List<String> keys = column(key);
        List<String> values = column(column);
        Map<String, Double> sums = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            String cell = values.get(i);
            sums.putIfAbsent(keys.get(i), Double.NaN);
            if (Stats.isNumber(cell)) {
                sums.compute(keys.get(i), (k, sum) -> Double.isNaN(sum) ? Double.parseDouble(cell) : sum + Double.parseDouble(cell));
            }
        }
        return sums;
    }

    int size() {
        return rows.size();
    }

    private int indexOf(String column) {
        int index = columns.indexOf(column);
        if (index < 0) {
            throw new IllegalArgumentException("no column " + column + " in " + columns);
        }
        return index;
    }

    private static String cell(String[] row, int index) {
        return index < row.length ? row[index] : "";
    }
}
