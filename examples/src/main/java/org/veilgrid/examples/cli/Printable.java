package org.veilgrid.examples.cli;

import java.nio.file.Path;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.text.SafeText;

/**
 * The CLI's use of {@link SafeText}: quoting text from the user, a file or the network in one-line
 * messages, and refusing path options that hold control characters.
 */
public final class Printable {
    private Printable() {
    }

    /** {@code text} with every unsafe character escaped (see {@link SafeText}); "null" for null. */
    public static String escape(String text) {
        return SafeText.escape(text);
    }

    /** {@link #escape escaped}, then cut to {@code maxChars} characters with "..." after a cut. */
    public static String abbreviate(String text, int maxChars) {
        return SafeText.abbreviate(text, maxChars);
    }

    /** Whether {@code text} holds a character {@link #escape} would rewrite. */
    public static boolean hasUnsafe(String text) {
        return SafeText.hasUnsafe(text);
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

}
