package org.veilgrid.grid.node;

/**
 * Text that came from a peer (a node's refusal reason, a continuation), made safe to put in a
 * message a person reads on a terminal: control and formatting characters (escape sequences,
 * bidirectional overrides) become a backslash, 'u' and the code point in braces (ESC: "u{001B}"
 * after the backslash), and the length is capped.
 */
public final class RemoteText {
    /** Longest reason kept from a peer; the rest is cut and marked. */
    public static final int MAX_CHARS = 300;

    private RemoteText() {
    }

    /** {@code text} with unprintable characters escaped, at most {@value #MAX_CHARS} characters of it. */
    public static String printable(String text) {
        return text == null ? "(no reason given)" : printable(text, MAX_CHARS);
    }

    /** {@code text} with unprintable characters escaped, at most {@code maxChars} characters of it. */
    public static String printable(String text, int maxChars) {
        StringBuilder out = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (shown++ == maxChars) {
                out.append("...");
                break;
            }
            int type = Character.getType(cp);
            if (Character.isISOControl(cp) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE
                    || type == Character.UNASSIGNED || type == Character.PRIVATE_USE) {
                out.append(String.format("\\u{%04X}", cp));
            } else {
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }
}
