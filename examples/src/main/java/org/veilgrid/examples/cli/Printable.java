package org.veilgrid.examples.cli;

import java.nio.file.Path;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.text.SafeText;

/**
 * Path options the CLI can quote: it refuses those that hold control characters (text in
 * messages is quoted with {@link SafeText}).
 */
public final class Printable {
    private Printable() {
    }

    /**
     * Refuses a path option that holds control characters: paths end up in messages from many
     * places (file not found, malformed file), and refusing them once keeps them all one line.
     *
     * @return the path
     * @throws ParameterException naming the option, with the path escaped
     */
    public static Path checkPath(String option, Path path) {
        if (path != null && SafeText.hasUnsafe(path.toString())) {
            throw new ParameterException(option + " " + SafeText.escape(path.toString()) + " contains control characters");
        }
        return path;
    }
}
