package org.veilgrid.examples.cli;

import java.nio.file.Path;
import org.veilgrid.core.errors.ParameterException;

/**
 * Makes text from the user, a file or the network safe to quote in a one-line message: control
 * characters (ESC, CR, LF, ...), Unicode format characters (such as the bidirectional overrides)
 * and line separators are written as escapes ({@code \n}, {@code \t}, {@code \r}, and a
 * backslash, 'u' and four hex digits for the others), so a message can neither move the cursor,
 * recolour the terminal nor start a line that looks like another program's output.
 */
public final class Printable {
    private Printable() {
    }

    /** {@code text} with every unsafe character escaped; "null" for null. */
    public static String escape(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (!isUnsafe(ch)) {
                if (b != null) {
                    b.append(ch);
                }
                continue;
            }
            if (b == null) {
                b = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            switch (ch) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(String.format("\\u%04x", (int) ch));
            }
        }
        return b == null ? text : b.toString();
    }

    /** {@link #escape escaped}, then cut to {@code maxChars} characters with "..." after a cut. */
    public static String abbreviate(String text, int maxChars) {
        String s = escape(text);
        return s.length() <= maxChars ? s : s.substring(0, maxChars) + "...";
    }

    /** Whether {@code text} holds a character {@link #escape} would rewrite. */
    public static boolean hasUnsafe(String text) {
        return text != null && text.chars().anyMatch(c -> isUnsafe((char) c));
    }

    /**
     * Refuses a path option that holds control characters: paths end up in messages from many
     * places (file not found, malformed file), and refusing them once keeps them all one line.
     *
     * @return the path
     * @throws ParameterException naming the option, with the path escaped
     */
    public static Path checkPath(String option, Path path) {
        if (path != null && hasUnsafe(path.toString())) {
            throw new ParameterException(option + " " + escape(path.toString()) + " contains control characters");
        }
        return path;
    }

    private static boolean isUnsafe(char ch) {
        int type = Character.getType(ch);
        return Character.isISOControl(ch) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }
}
