package org.veilgrid.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.io.LocalFiles;
import org.veilgrid.core.text.SafeText;
import org.veilgrid.mpc.aggregation.AggregationParams;

/**
 * Reads client inputs from CSV: one client a row, L integers separated by commas; blank lines and
 * lines starting with '#' are skipped. A leading UTF-8 byte order mark (as spreadsheets write)
 * is ignored, and lines may end in LF, CRLF or CR. Every row must have the same length and every
 * value must lie within the bound; errors name the line and column, with control characters from
 * the file escaped.
 *
 * <p>Also reads one client's vector for {@code veil aggregate client --values-file}: integers
 * separated by commas, spaces or line breaks. Its errors name the position only, never the text:
 * the file holds a client's private values.
 */
final class CsvInputs {
    static final long MAX_BYTES = 512L << 20;
    /** A vector of {@link AggregationParams#MAX_LENGTH} values of 20 characters each fits. */
    static final long MAX_VECTOR_BYTES = 96L << 20;
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private CsvInputs() {
    }

    static long[][] read(Path file, long bound) {
        AggregationParams.checkInputBound(bound);
        String where = SafeText.escape(file.toString());
        List<long[]> rows = new ArrayList<>();
        String[] lines = lines(LocalFiles.readBounded(file, MAX_BYTES));
        int width = -1;
        for (int ln = 0; ln < lines.length; ln++) {
            String line = lines[ln].trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (width >= 0 && cells.length != width) {
                throw new MalformedInputException(where + ":" + (ln + 1), "has " + cells.length + " values, earlier rows have " + width);
            }
            width = cells.length;
            long[] row = new long[cells.length];
            for (int c = 0; c < cells.length; c++) {
                String cell = cells[c].trim();
                try {
                    row[c] = Long.parseLong(cell);
                } catch (NumberFormatException e) {
                    throw new MalformedInputException(where + ":" + (ln + 1) + ":" + (c + 1),
                            "'" + SafeText.abbreviate(cell, 20) + "' is not an integer");
                }
                if (row[c] > bound || row[c] < -bound) {
                    throw new MalformedInputException(where + ":" + (ln + 1) + ":" + (c + 1), row[c] + " lies outside [-" + bound + ", " + bound + "]");
                }
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new MalformedInputException(where, "has no rows");
        }
        return rows.toArray(new long[0][]);
    }

    /**
     * One vector: integers separated by commas, spaces or line breaks ('#' lines skipped).
     *
     * @param source names the input in messages ("-" for standard input)
     */
    static long[] readVector(String source, byte[] bytes) {
        String where = "--values-file " + SafeText.abbreviate(source, 200);
        List<Long> values = new ArrayList<>();
        for (String line : lines(bytes)) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            for (String token : trimmed.split("[,\\s]+", -1)) {
                if (token.isEmpty()) {
                    continue;
                }
                try {
                    values.add(Long.parseLong(token));
                } catch (NumberFormatException e) {
                    // The token is not quoted: it is part of a private input.
                    throw new MalformedInputException(where, "value " + (values.size() + 1) + " is not an integer");
                }
            }
        }
        if (values.isEmpty()) {
            throw new MalformedInputException(where, "holds no values");
        }
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    /** Standard input, up to {@code maxBytes}. */
    static byte[] readStandardInput(InputStream in, long maxBytes) {
        try {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw new MalformedInputException("standard input", "is longer than " + maxBytes + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new ParameterException("cannot read standard input: " + SafeText.escape(e.getMessage()), e);
        }
    }

    /** UTF-8 text without a leading byte order mark, split at LF, CRLF or CR. */
    private static String[] lines(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK) {
            text = text.substring(1);
        }
        return text.split("\r\n|\r|\n", -1);
    }
}
