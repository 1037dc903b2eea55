package org.veilgrid.core.identity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import org.veilgrid.core.errors.MalformedInputException;

/**
 * A participant's secret X25519 key (RFC 7748): what others seal messages to
 * ({@link SealingPublicKey}). Stored as a PEM "PRIVATE KEY" (PKCS#8, RFC 8410, OID 1.3.101.110).
 * {@link #toString()} never shows the key.
 */
public final class SealingKey {
    /** Longest key file read. */
    public static final int MAX_FILE_BYTES = 1024;
    private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b656e04220420");

    private final PrivateKey key;
    private final SealingPublicKey publicKey;

    private SealingKey(PrivateKey key, SealingPublicKey publicKey) {
        this.key = key;
        this.publicKey = publicKey;
    }

    /** A fresh key. */
    public static SealingKey generate(SecureRandom random) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("XDH");
            g.initialize(NamedParameterSpec.X25519, random);
            KeyPair pair = g.generateKeyPair();
            return new SealingKey(pair.getPrivate(), SealingPublicKey.of(pair.getPublic()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 is not available in this JDK", e);
        }
    }

    /** The public half. */
    public SealingPublicKey publicKey() {
        return publicKey;
    }

    /** The JDK key, for key agreement. */
    public PrivateKey privateKey() {
        return key;
    }

    /** The key file: PEM "PRIVATE KEY". Secret: store owner-only. */
    public byte[] toPem() {
        byte[] der = key.getEncoded();
        try {
            if (der.length != PKCS8_PREFIX.length + 32 || !Arrays.equals(der, 0, PKCS8_PREFIX.length, PKCS8_PREFIX, 0,
                    PKCS8_PREFIX.length)) {
                throw new IllegalStateException("unexpected PKCS#8 form of an X25519 key");
            }
            return AgentKeyFile.pem("PRIVATE KEY", der);
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    /**
     * Reads a key file written by {@link #toPem()}.
     *
     * @param where names the file in messages
     * @throws MalformedInputException if it is not exactly such a file
     */
    public static SealingKey fromPem(String where, byte[] file) {
        if (file == null || file.length > MAX_FILE_BYTES) {
            throw new MalformedInputException(where, "is not an X25519 key file of at most " + MAX_FILE_BYTES + " bytes");
        }
        String text = new String(file, StandardCharsets.US_ASCII).strip();
        String begin = "-----BEGIN PRIVATE KEY-----";
        String end = "-----END PRIVATE KEY-----";
        if (!text.startsWith(begin) || !text.endsWith(end)) {
            throw new MalformedInputException(where, "is not a PEM \"PRIVATE KEY\" file");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(begin.length(), text.length() - end.length()));
        } catch (IllegalArgumentException e) {
            throw new MalformedInputException(where, "has invalid base64");
        }
        try {
            if (der.length != PKCS8_PREFIX.length + 32
                    || !Arrays.equals(der, 0, PKCS8_PREFIX.length, PKCS8_PREFIX, 0, PKCS8_PREFIX.length)) {
                throw new MalformedInputException(where, "does not hold an X25519 private key (PKCS#8, OID 1.3.101.110)");
            }
            PrivateKey key = KeyFactory.getInstance("XDH").generatePrivate(new PKCS8EncodedKeySpec(der));
            return new SealingKey(key, SealingPublicKey.of(publicOf(key)));
        } catch (GeneralSecurityException e) {
            throw new MalformedInputException(where, "does not hold a usable X25519 private key");
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    /** The public key of a private one: the agreement of the key with the base point u = 9. */
    private static PublicKey publicOf(PrivateKey key) throws GeneralSecurityException {
        byte[] base = new byte[32];
        base[0] = 9;
        javax.crypto.KeyAgreement ka = javax.crypto.KeyAgreement.getInstance("XDH");
        ka.init(key);
        ka.doPhase(SealingPublicKey.rawToPublicKey(base), true);
        return SealingPublicKey.rawToPublicKey(ka.generateSecret());
    }

    @Override
    public String toString() {
        return "SealingKey(public " + publicKey + ", secret hidden)";
    }
}
