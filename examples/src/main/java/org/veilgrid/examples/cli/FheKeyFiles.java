package org.veilgrid.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.fhe.bfv.BfvCodec;
import org.veilgrid.fhe.bfv.BfvContext;

/**
 * The files of a {@code veil fhe} key directory: params.bin (public), public.key, relin.key,
 * galois.key (public evaluation keys) and secret.key (owner-readable only).
 */
final class FheKeyFiles {
    static final String PARAMS = "params.bin";
    static final String SECRET = "secret.key";
    static final String PUBLIC = "public.key";
    static final String RELIN = "relin.key";
    static final String GALOIS = "galois.key";
    /** Larger than any key of the presets; stops a wrong path to a huge file early. */
    private static final long MAX_FILE_BYTES = 1L << 31;

    private FheKeyFiles() {
    }

    static byte[] read(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new ParameterException(file + " is " + size + " bytes, too large for a Veilgrid FHE object");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ParameterException("file not found: " + file);
        } catch (IOException e) {
            throw new ParameterException("cannot read " + file + ": " + e.getMessage());
        }
    }

    static void write(Path file, byte[] bytes, boolean secret) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(file, bytes);
            if (secret) {
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // Not a POSIX file system: the caller's umask applies.
                }
            }
        } catch (IOException e) {
            throw new ParameterException("cannot write " + file + ": " + e.getMessage());
        }
    }

    static BfvContext context(Path dir) {
        return BfvContext.create(BfvCodec.decodeParameters(read(dir.resolve(PARAMS))));
    }
}
