package org.veilgrid.examples.cli;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * A tiny JSON writer for {@code --json} output, so the command line needs no JSON library.
 *
 * <p>Values map as follows: {@link Map} (keys by {@code toString}, in the map's iteration order;
 * use a {@code LinkedHashMap} for a stable order) to an object; {@link Collection} and arrays of
 * objects to an array; {@link CharSequence}, {@link Enum} and {@link Character} to a string;
 * {@link Boolean} to a boolean; integral {@link Number}s to integers; {@code double}/{@code float}
 * to numbers, non-finite ones to {@code null}; {@link Optional} to its value or {@code null};
 * {@code null} to {@code null}. Anything else is an error rather than a guess.
 */
public final class Json {
    private static final String INDENT = "  ";

    private Json() {
    }

    /** The value as indented JSON (two spaces), without a trailing newline. */
    public static String pretty(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 0, true);
        return sb.toString();
    }

    /** The value as JSON on one line. */
    public static String compact(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 0, false);
        return sb.toString();
    }

    /** The string as a JSON string literal, quotes included. */
    public static String quote(CharSequence s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        writeString(sb, s);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v, int depth, boolean pretty) {
        if (v instanceof Optional<?> o) {
            v = o.orElse(null);
        }
        if (v == null) {
            sb.append("null");
        } else if (v instanceof CharSequence s) {
            writeString(sb, s);
        } else if (v instanceof Enum<?> || v instanceof Character) {
            writeString(sb, v.toString());
        } else if (v instanceof Boolean b) {
            sb.append(b.booleanValue());
        } else if (v instanceof Double || v instanceof Float) {
            writeDouble(sb, ((Number) v).doubleValue());
        } else if (v instanceof Byte || v instanceof Short || v instanceof Integer || v instanceof Long
                || v instanceof java.math.BigInteger) {
            sb.append(v);
        } else if (v instanceof BigDecimal d) {
            sb.append(d.toString());
        } else if (v instanceof Map<?, ?> m) {
            writeObject(sb, m, depth, pretty);
        } else if (v instanceof Collection<?> c) {
            writeArray(sb, c, depth, pretty);
        } else if (v instanceof Object[] a) {
            writeArray(sb, Arrays.asList(a), depth, pretty);
        } else {
            throw new IllegalArgumentException("no JSON form for " + v.getClass().getName());
        }
    }

    private static void writeObject(StringBuilder sb, Map<?, ?> m, int depth, boolean pretty) {
        if (m.isEmpty()) {
            sb.append("{}");
            return;
        }
        sb.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            newline(sb, depth + 1, pretty);
            writeString(sb, String.valueOf(e.getKey()));
            sb.append(pretty ? ": " : ":");
            write(sb, e.getValue(), depth + 1, pretty);
        }
        newline(sb, depth, pretty);
        sb.append('}');
    }

    private static void writeArray(StringBuilder sb, Collection<?> c, int depth, boolean pretty) {
        if (c.isEmpty()) {
            sb.append("[]");
            return;
        }
        // Arrays of plain values (numbers, strings, ...) stay on one line even when pretty.
        boolean flat = !pretty || c.stream().noneMatch(Json::isContainer);
        sb.append('[');
        boolean first = true;
        for (Object e : c) {
            if (!first) {
                sb.append(pretty && flat ? ", " : ",");
            }
            first = false;
            if (!flat) {
                newline(sb, depth + 1, true);
            }
            write(sb, e, depth + 1, pretty);
        }
        if (!flat) {
            newline(sb, depth, true);
        }
        sb.append(']');
    }

    private static boolean isContainer(Object v) {
        if (v instanceof Optional<?> o) {
            v = o.orElse(null);
        }
        return v instanceof Map<?, ?> || v instanceof Collection<?> || v instanceof Object[];
    }

    private static void newline(StringBuilder sb, int depth, boolean pretty) {
        if (pretty) {
            sb.append('\n');
            for (int i = 0; i < depth; i++) {
                sb.append(INDENT);
            }
        }
    }

    private static void writeDouble(StringBuilder sb, double d) {
        if (!Double.isFinite(d)) {
            sb.append("null");
        } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            sb.append((long) d);
        } else if (Math.abs(d) >= 1e-6 && Math.abs(d) < 1e15) {
            sb.append(BigDecimal.valueOf(d).stripTrailingZeros().toPlainString());
        } else {
            sb.append(d); // Java's 1.0E-7 form is valid JSON
        }
    }

    private static void writeString(StringBuilder sb, CharSequence s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    boolean loneSurrogate = Character.isSurrogate(c) && !(Character.isHighSurrogate(c)
                            && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)))
                            && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1)));
                    // Control characters must be escaped; U+2028/2029 and DEL are escaped so the
                    // output is also safe inside JavaScript; lone surrogates would not encode as UTF-8.
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || loneSurrogate) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
