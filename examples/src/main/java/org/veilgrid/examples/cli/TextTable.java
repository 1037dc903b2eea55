package org.veilgrid.examples.cli;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

/** Aligned plain-text output: key/value listings and tables with right-aligned numbers. */
final class TextTable {
    private TextTable() {
    }

    /** "key   value" rows, keys padded to the longest. */
    static void printKeyValues(PrintWriter out, List<String[]> rows) {
        int width = 0;
        for (String[] r : rows) {
            width = Math.max(width, r[0].length());
        }
        for (String[] r : rows) {
            out.println(pad(r[0], width, false) + "  " + r[1]);
        }
    }

    /**
     * A table: the header row, then the rows; column i is right-aligned when rightAlign[i] is set.
     * Columns are separated by two spaces.
     */
    static void printTable(PrintWriter out, String[] header, List<String[]> rows, boolean[] rightAlign) {
        int[] width = new int[header.length];
        List<String[]> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (String[] r : all) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : all) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                if (i > 0) {
                    sb.append("  ");
                }
                sb.append(pad(r[i], width[i], rightAlign[i]));
            }
            out.println(sb.toString().stripTrailing());
        }
    }

    /** "µs" when standard output can encode the micro sign, else "us". */
    static String micro() {
        String enc = System.getProperty("sun.stdout.encoding");
        Charset cs;
        try {
            cs = enc == null ? Charset.defaultCharset() : Charset.forName(enc);
        } catch (RuntimeException e) {
            cs = Charset.defaultCharset();
        }
        return cs.newEncoder().canEncode('\u00b5') ? "\u00b5s" : "us";
    }

    private static String pad(String s, int width, boolean right) {
        if (s.length() >= width) {
            return s;
        }
        String fill = " ".repeat(width - s.length());
        return right ? fill + s : s + fill;
    }
}
