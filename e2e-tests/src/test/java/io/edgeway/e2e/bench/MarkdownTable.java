package io.edgeway.e2e.bench;

import java.util.ArrayList;
import java.util.List;

/** A Markdown table: a header row, an alignment row (text left, figures right) and the rows added. */
final class MarkdownTable {

    private final List<String> header = new ArrayList<>();

    private final List<String> alignment = new ArrayList<>();

    private final List<List<String>> rows = new ArrayList<>();

    /** A text column, left-aligned. */
    MarkdownTable text(String name) {
        header.add(name);
        alignment.add("---");
        return this;
    }

    /** A column of figures, right-aligned. */
    MarkdownTable figure(String name) {
        header.add(name);
        alignment.add("---:");
        return this;
    }

    MarkdownTable row(Object... cells) {
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(String.valueOf(cell));
        }
        if (!header.isEmpty() && row.size() != header.size()) {
            throw new IllegalArgumentException("a row of " + row.size() + " cells in a table of " + header.size());
        }
        rows.add(row);
        return this;
    }

    /** Only the rows, for a table whose header the script writes itself. */
    String rows() {
        StringBuilder text = new StringBuilder();
        rows.forEach(r -> line(text, r));
        return text.toString();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        line(text, header);
        line(text, alignment);
        return text.append(rows()).toString();
    }

    private static void line(StringBuilder text, List<String> cells) {
        text.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }
}
