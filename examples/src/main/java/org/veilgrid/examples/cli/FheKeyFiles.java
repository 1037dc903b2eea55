package org.veilgrid.examples.cli;

import java.nio.file.Path;
import org.veilgrid.core.io.LocalFiles;
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
        return LocalFiles.readBounded(file, MAX_FILE_BYTES);
    }

    static BfvContext context(Path dir) {
        return BfvContext.create(BfvCodec.decodeParameters(read(dir.resolve(PARAMS))));
    }
}
