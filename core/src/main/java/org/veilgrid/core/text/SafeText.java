package org.veilgrid.core.text;

/**
 * Text from a user, a file or a peer made safe to quote in a one-line message a person reads on a
 * terminal or in a log: control characters (ESC, CR, LF, NUL, C1), Unicode format characters
 * (bidirectional overrides, BOM), line and paragraph separators, lone surrogates, private-use and
 * unassigned code points are written as escapes ({@code \n}, {@code \r}, {@code \t}, otherwise a
 * backslash, 'u' and four hex digits, or the code point in braces beyond the BMP). So a quoted value can
 * neither move the cursor, recolour the terminal, reorder the line nor start a line that looks
 * like another program's output. Every module quotes outside text through this one class.
 */
public final class SafeText {

    private SafeText() {
    }

    /** {@code text} with every unsafe character escaped; "null" for null. */
    public static String escape(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int width = Character.charCount(cp);
            if (!unsafe(cp)) {
                if (out != null) {
                    out.appendCodePoint(cp);
                }
            } else {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                switch (cp) {
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> out.append(cp <= 0xffff ? String.format("\\u%04x", cp) : String.format("\\u{%x}", cp));
                }
            }
            i += width;
        }
        return out == null ? text : out.toString();
    }

    /** {@link #escape Escaped}, then cut to {@code maxChars} characters with "..." after a cut. */
    public static String abbreviate(String text, int maxChars) {
        String s = escape(text);
        return s.length() <= maxChars ? s : s.substring(0, maxChars) + "...";
    }

    /** Whether {@code text} holds a character {@link #escape} would rewrite. */
    public static boolean hasUnsafe(String text) {
        return text != null && text.codePoints().anyMatch(SafeText::unsafe);
    }

    /** The text up to its first line break (a stack trace or a multi-line reply stops there). */
    public static String firstLine(String text) {
        if (text == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                return text.substring(0, i);
            }
        }
        return text;
    }

    private static boolean unsafe(int cp) {
        int type = Character.getType(cp);
        return Character.isISOControl(cp) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE
                || type == Character.PRIVATE_USE || type == Character.UNASSIGNED;
    }
}
