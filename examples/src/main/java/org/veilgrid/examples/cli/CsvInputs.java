package org.veilgrid.examples.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.io.LocalFiles;

/**
 * Reads client inputs from CSV: one client a row, L integers separated by commas; blank lines and
 * lines starting with '#' are skipped. Every row must have the same length and every value must
 * lie within the bound; errors name the line and column.
 */
final class CsvInputs {
    static final long MAX_BYTES = 512L << 20;

    private CsvInputs() {
    }

    static long[][] read(Path file, long bound) {
        String text = new String(LocalFiles.readBounded(file, MAX_BYTES), StandardCharsets.UTF_8);
        List<long[]> rows = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        int width = -1;
        for (int ln = 0; ln < lines.length; ln++) {
            String line = lines[ln].trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (width >= 0 && cells.length != width) {
                throw new MalformedInputException(file + ":" + (ln + 1), "has " + cells.length + " values, earlier rows have " + width);
            }
            width = cells.length;
            long[] row = new long[cells.length];
            for (int c = 0; c < cells.length; c++) {
                String cell = cells[c].trim();
                try {
                    row[c] = Long.parseLong(cell);
                } catch (NumberFormatException e) {
                    throw new MalformedInputException(file + ":" + (ln + 1) + ":" + (c + 1), "'" + abbreviate(cell) + "' is not an integer");
                }
                if (row[c] > bound || row[c] < -bound) {
                    throw new MalformedInputException(file + ":" + (ln + 1) + ":" + (c + 1), row[c] + " lies outside [-" + bound + ", " + bound + "]");
                }
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new MalformedInputException(file.toString(), "has no rows");
        }
        return rows.toArray(new long[0][]);
    }

    private static String abbreviate(String s) {
        return s.length() <= 20 ? s : s.substring(0, 20) + "...";
    }
}
