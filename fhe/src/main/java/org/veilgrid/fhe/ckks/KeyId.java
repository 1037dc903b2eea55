package org.veilgrid.fhe.ckks;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

import org.veilgrid.fhe.rns.RnsPoly;

/**
 * The id of a CKKS secret key, carried by the key, by the public and evaluation keys made from
 * it and by every ciphertext encrypted under it: the first 16 bytes of SHA-256 of a domain tag,
 * the parameters id ({@link CkksCodec#parametersId}) and the secret key's residues modulo the
 * first prime (which determine the ternary secret). It replaces object identity, which does not
 * survive the wire: a decoded ciphertext and a decoded key still match when they belong
 * together. The id is public: it links ciphertexts to a key (as the evaluation keys that travel
 * with them already do) and, being a hash of a high-entropy secret, reveals nothing about it.
 * The tag differs from BFV's, so a BFV and a CKKS key never share an id.
 */
public final class KeyId {
    public static final int LENGTH = 16;
    private static final String DOMAIN = "veilgrid-ckks-key-id-v1";

    private final byte[] bytes;

    private KeyId(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The id of secret key s (NTT form over the key basis, row 0 first) under {@code context}'s parameters. */
    static KeyId of(CkksContext context, RnsPoly s) {
        int n = context.n();
        ByteBuffer buf = ByteBuffer.allocate(8 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int j = 0; j < n; j++) {
            buf.putLong(s.data[j]);
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(DOMAIN.getBytes(StandardCharsets.US_ASCII));
            sha.update((byte) 0);
            sha.update(CkksCodec.parametersId(context.parameters()));
            sha.update(buf.array());
            // The buffer held the secret.
            Arrays.fill(buf.array(), (byte) 0);
            return new KeyId(Arrays.copyOf(sha.digest(), LENGTH));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** From its encoding (exactly {@value #LENGTH} bytes; the codec checks the length first). */
    static KeyId fromBytes(byte[] b) {
        if (b.length != LENGTH) {
            throw new IllegalArgumentException("a key id is " + LENGTH + " bytes");
        }
        return new KeyId(b.clone());
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyId k && MessageDigest.isEqual(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Hex, as in messages. */
    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
