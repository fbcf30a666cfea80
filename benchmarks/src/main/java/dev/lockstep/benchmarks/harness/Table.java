package dev.lockstep.benchmarks.harness;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A Markdown table, padded so that it also reads well in a terminal and pastes straight into the docs. */
public final class Table {
    private final String[] header;
    private final List<String[]> rows = new ArrayList<>();

    public Table(String... header) {
        this.header = header;
    }

    public Table row(Object... cells) {
        if (cells.length != header.length) {
            throw new IllegalArgumentException("expected " + header.length + " cells, got " + cells.length);
        }
        rows.add(Arrays.stream(cells).map(String::valueOf).toArray(String[]::new));
        return this;
    }

    public void print(PrintStream out) {
        int[] widths = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            widths[i] = header[i].length();
            for (String[] row : rows) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        out.println(line(header, widths));
        StringBuilder rule = new StringBuilder("|");
        for (int width : widths) {
            rule.append('-').append("-".repeat(width)).append("-|");
        }
        out.println(rule);
        for (String[] row : rows) {
            out.println(line(row, widths));
        }
        out.flush();
    }

    private static String line(String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder("|");
        for (int i = 0; i < cells.length; i++) {
            line.append(' ').append(cells[i]).append(" ".repeat(widths[i] - cells[i].length())).append(" |");
        }
        return line.toString();
    }

    /** "met" or "MISSED", for the last column of every row that has a target. */
    public static String verdict(boolean met) {
        return met ? "met" : "MISSED";
    }
}
