package org.veilgrid.examples.cli;

import java.nio.file.Path;
import org.veilgrid.core.io.LocalFiles;
import org.veilgrid.fhe.bfv.BfvCodec;
import org.veilgrid.fhe.bfv.BfvContext;
import org.veilgrid.fhe.bfv.Ciphertext;
import org.veilgrid.fhe.bfv.PublicKey;
import org.veilgrid.fhe.bfv.SecretKey;

/**
 * The files of a {@code veil fhe} key directory: params.bin (public), public.key, relin.key,
 * galois.key (public evaluation keys) and secret.key (owner-readable only). The parameters are
 * read first, with their format's bound; every other file with the bound its encoding has under
 * those parameters, so a wrong path (a device, a huge file) fails at once.
 */
final class FheKeyFiles {
    static final String PARAMS = "params.bin";
    static final String SECRET = "secret.key";
    static final String PUBLIC = "public.key";
    static final String RELIN = "relin.key";
    static final String GALOIS = "galois.key";
    static final String[] ALL = {PARAMS, SECRET, PUBLIC, RELIN, GALOIS};

    private FheKeyFiles() {
    }

    static BfvContext context(Path dir) {
        return BfvContext.create(BfvCodec.decodeParameters(
                LocalFiles.readBounded(dir.resolve(PARAMS), BfvCodec.MAX_PARAMETER_BYTES)));
    }

    static SecretKey secretKey(BfvContext ctx, Path dir) {
        return BfvCodec.decodeSecretKey(ctx, LocalFiles.readBounded(dir.resolve(SECRET), BfvCodec.maxSecretKeyBytes(ctx)));
    }

    static PublicKey publicKey(BfvContext ctx, Path dir) {
        return BfvCodec.decodePublicKey(ctx, LocalFiles.readBounded(dir.resolve(PUBLIC), BfvCodec.maxPublicKeyBytes(ctx)));
    }

    static Ciphertext ciphertext(BfvContext ctx, Path file) {
        return BfvCodec.decodeCiphertext(ctx, LocalFiles.readBounded(file, BfvCodec.maxCiphertextBytes(ctx)));
    }

    /** A values text: N values of up to 20 characters with separators, and room for comments. */
    static long maxValuesBytes(BfvContext ctx) {
        return 32L * ctx.n() + 4096;
    }
}
