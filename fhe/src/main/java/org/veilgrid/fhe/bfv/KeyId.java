package org.veilgrid.fhe.bfv;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.fhe.rns.RnsPoly;

/**
 * The id of a secret key, carried by the key itself, by the public and evaluation keys made
 * from it and by every ciphertext encrypted under it: the first 16 bytes of SHA-256 of a domain
 * tag, the parameters id and the secret key's residues modulo the first prime (which determine
 * the ternary secret). Decrypting, or combining ciphertexts and keys, across different keys is
 * then refused by name instead of ending in "noise budget exhausted". The id is public: it links
 * ciphertexts to a key (as the evaluation keys that travel with them already do) and, being a
 * hash of a high-entropy secret, reveals nothing about it.
 */
public final class KeyId {
    public static final int LENGTH = 16;
    private static final String DOMAIN = "veilgrid-bfv-key-id-v1";

    private final byte[] bytes;

    private KeyId(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The id of secret key s (in NTT form over the key basis) under {@code context}'s parameters. */
    static KeyId of(BfvContext context, RnsPoly s) {
        int n = context.n();
        ByteBuffer buf = ByteBuffer.allocate(8 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int j = 0; j < n; j++) {
            buf.putLong(s.data[j]);
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(DOMAIN.getBytes(StandardCharsets.US_ASCII));
            sha.update((byte) 0);
            sha.update(BfvCodec.parametersId(context.parameters()));
            sha.update(buf.array());
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

    /** @throws ParameterException naming both ids unless {@code other} is this id */
    void require(KeyId other, String what) {
        if (!equals(other)) {
            throw new ParameterException(what + " (key " + other + ", expected key " + this + ")");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyId k && MessageDigest.isEqual(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Hex, as in messages and `veil fhe` output. */
    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
