package org.veilgrid.examples.cli;

import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.io.LocalFiles;
import org.veilgrid.mpc.aggregation.AggregationCodec;
import org.veilgrid.mpc.aggregation.Round;
import org.veilgrid.mpc.aggregation.wire.RoundInfo;

/** The files of {@code veil aggregate setup} and how to read them back, strictly. */
final class AggregateFiles {
    private AggregateFiles() {
    }

    static String clientId(int i) {
        return String.format("client-%05d", i);
    }

    static Path round(Path dir) {
        return dir.resolve("round.bin");
    }

    static Path memberKey(Path dir, String id) {
        return dir.resolve(id + ".x25519.key");
    }

    /** Room for the registered client list of the largest rounds. */
    static final long MAX_ROUND_BYTES = 32L << 20;

    static Round readRound(Path dir) {
        byte[] bytes = LocalFiles.readBounded(round(dir), MAX_ROUND_BYTES);
        return AggregationCodec.decode(AggregationCodec.parse(round(dir).toString(), bytes, MAX_ROUND_BYTES, RoundInfo.parser()));
    }

    static PrivateKey readMemberKey(Path dir, String id) {
        Path file = memberKey(dir, id);
        byte[] bytes = LocalFiles.readBounded(file, 4096);
        try {
            return KeyFactory.getInstance("XDH").generatePrivate(new PKCS8EncodedKeySpec(bytes));
        } catch (java.security.GeneralSecurityException e) {
            throw new MalformedInputException(file.toString(), "is not a PKCS#8 X25519 private key");
        } finally {
            java.util.Arrays.fill(bytes, (byte) 0);
        }
    }
}
