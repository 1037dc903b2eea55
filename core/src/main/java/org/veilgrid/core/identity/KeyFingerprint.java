package org.veilgrid.core.identity;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

import org.veilgrid.core.errors.MalformedInputException;

/**
 * The SHA-256 thumbprint of a public key's COSE_Key form (RFC 9679): the key id of every
 * signature the key makes, and how participants name keys to each other (short, fixed-size,
 * and the same wherever the key is written down).
 */
public final class KeyFingerprint {

    /** A SHA-256 digest. */
    public static final int BYTES = 32;

    private final byte[] digest;

    private KeyFingerprint(byte[] digest) {
        this.digest = digest;
    }

    /** A fingerprint read from the wire: exactly {@value #BYTES} bytes. */
    public static KeyFingerprint of(byte[] digest) {
        if (digest == null || digest.length != BYTES) {
            throw MalformedInputException.wrongLength("key fingerprint", BYTES, digest == null ? 0 : digest.length);
        }
        return new KeyFingerprint(digest.clone());
    }

    static KeyFingerprint sha256(byte[] coseKey) {
        try {
            return new KeyFingerprint(MessageDigest.getInstance("SHA-256").digest(coseKey));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** The 32 digest bytes. */
    public byte[] bytes() {
        return digest.clone();
    }

    /** Lower-case hex of the digest. */
    public String hex() {
        return HexFormat.of().formatHex(digest);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyFingerprint f && MessageDigest.isEqual(digest, f.digest);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(digest);
    }

    /** The first 8 bytes in hex, as people compare fingerprints. */
    @Override
    public String toString() {
        return hex().substring(0, 16);
    }
}
