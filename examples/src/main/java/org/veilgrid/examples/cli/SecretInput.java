package org.veilgrid.examples.cli;

import java.nio.file.Path;
import org.veilgrid.core.io.LocalFiles;

/**
 * Private values handed to a command through a file or standard input instead of its
 * arguments, which every user of the machine can read in {@code ps} or /proc/PID/cmdline.
 */
final class SecretInput {
    /** The file name that means standard input. */
    static final String STDIN = "-";

    private SecretInput() {
    }

    /** The bytes of {@code file}, or of standard input for "-", at most {@code maxBytes}. */
    static byte[] read(String file, long maxBytes) {
        if (STDIN.equals(file)) {
            return LocalFiles.readBounded(System.in, "standard input", maxBytes);
        }
        return LocalFiles.readBounded(Path.of(file), maxBytes);
    }

    /** How messages name the source. */
    static String describe(String file) {
        return STDIN.equals(file) ? "standard input" : LocalFiles.printable(file);
    }
}
