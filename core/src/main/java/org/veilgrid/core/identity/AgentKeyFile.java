package org.veilgrid.core.identity;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;

/**
 * Agent key files that say what they hold (core's {@link AgentKey} and {@link AgentPublicKey}), so a secret key can never pass for a public one.
 *
 * <p>The format is RFC 8410 in PEM (RFC 7468), as OpenSSL writes Ed25519 keys:
 * <ul>
 * <li>secret key: {@code -----BEGIN PRIVATE KEY-----}, a PKCS#8 v1 structure of exactly 48 bytes
 *     ({@code 302e020100300506032b657004220420} ‖ the 32-byte seed);
 * <li>public key: {@code -----BEGIN PUBLIC KEY-----}, a SubjectPublicKeyInfo of exactly 44 bytes
 *     ({@code 302a300506032b6570032100} ‖ the 32-byte key).
 * </ul>
 * The decoders are strict: one PEM block, the expected label, base64 that decodes to exactly
 * one of the two fixed DER layouts with the Ed25519 OID (1.3.101.112). A secret key where a
 * public one is expected (and the reverse) is refused by name. The raw 32-byte files of earlier
 * versions are refused: a seed and a public key cannot be told apart by their bytes.
 */
public final class AgentKeyFile {
    /** Far above either encoding (about 120 bytes); a bound for reading key files. */
    public static final int MAX_LENGTH = 1024;

    static final String SECRET_LABEL = "PRIVATE KEY";
    static final String PUBLIC_LABEL = "PUBLIC KEY";
    private static final byte[] PKCS8_PREFIX = hex("302e020100300506032b657004220420");
    private static final byte[] SPKI_PREFIX = hex("302a300506032b6570032100");

    /** What a key file holds. */
    public enum Kind {
        SECRET, PUBLIC
    }

    private AgentKeyFile() {
    }

    /** The secret key file: PEM "PRIVATE KEY" (PKCS#8, RFC 8410). Secret: store owner-only. */
    public static byte[] encodeSecret(AgentKey key) {
        byte[] seed = key.seed();
        byte[] der = concat(PKCS8_PREFIX, seed);
        Arrays.fill(seed, (byte) 0);
        byte[] pem = pem(SECRET_LABEL, der);
        Arrays.fill(der, (byte) 0);
        return pem;
    }

    /** The public key file: PEM "PUBLIC KEY" (SubjectPublicKeyInfo, RFC 8410). */
    public static byte[] encodePublic(AgentPublicKey publicKey) {
        return pem(PUBLIC_LABEL, concat(SPKI_PREFIX, publicKey.encoded()));
    }

    /**
     * The agent's key from a secret key file.
     *
     * @param where names the file in messages
     * @throws ParameterException if the file holds a public key
     * @throws MalformedInputException if it is not a key file
     */
    public static AgentKey decodeSecret(String where, byte[] file) {
        byte[] der = decode(where, file, Kind.SECRET);
        byte[] seed = Arrays.copyOfRange(der, PKCS8_PREFIX.length, der.length);
        Arrays.fill(der, (byte) 0);
        try {
            return AgentKey.fromSeed(seed);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /**
     * The public key from a public key file.
     *
     * @param where names the file in messages
     * @throws ParameterException if the file holds a secret key (the caller would publish it)
     * @throws MalformedInputException if it is not a key file or the key is not a curve point
     */
    public static AgentPublicKey decodePublic(String where, byte[] file) {
        byte[] der = decode(where, file, Kind.PUBLIC);
        try {
            return AgentPublicKey.of(Arrays.copyOfRange(der, SPKI_PREFIX.length, der.length));
        } catch (MalformedInputException e) {
            throw new MalformedInputException(where, "does not hold an Ed25519 public key (not a curve point)", e);
        }
    }

    private static byte[] decode(String where, byte[] file, Kind expected) {
        if (file == null) {
            throw new MalformedInputException(where, "missing");
        }
        if (file.length == 32) {
            throw new MalformedInputException(where, "is a raw 32-byte key of an earlier veil version; it is not read"
                    + " because a secret seed and a public key cannot be told apart by their bytes."
                    + " Make new keys (`veil zk keygen`, or the setup or identity command that made this one)");
        }
        if (file.length > MAX_LENGTH) {
            throw new MalformedInputException(where, "is " + file.length + " bytes; a key file is at most " + MAX_LENGTH);
        }
        String text = new String(file, StandardCharsets.US_ASCII);
        for (byte b : file) {
            if (b < 0 || (b < 0x20 && b != '\n' && b != '\r')) {
                throw new MalformedInputException(where, "is not a PEM key file (binary content)");
            }
        }
        String[] lines = text.strip().split("\r?\n");
        String first = lines[0].strip();
        String last = lines[lines.length - 1].strip();
        Kind found = kindOf(first, "BEGIN");
        if (lines.length < 3 || found == null || found != kindOf(last, "END")) {
            throw new MalformedInputException(where, "is not a Veilgrid agent key file (a PEM \"" + SECRET_LABEL
                    + "\" or \"" + PUBLIC_LABEL + "\" block)");
        }
        if (found != expected) {
            throw expected == Kind.PUBLIC
                    ? new ParameterException(where + " holds a SECRET key, where a public key is expected; pass the"
                            + " public key file (the .pub beside it) and never hand out the .key")
                    : new ParameterException(where + " holds a public key, where the secret key is expected; pass the"
                            + " secret .key file");
        }
        StringBuilder body = new StringBuilder();
        for (int i = 1; i < lines.length - 1; i++) {
            body.append(lines[i].strip());
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(body.toString());
        } catch (IllegalArgumentException e) {
            throw new MalformedInputException(where, "the PEM body is not valid base64");
        }
        byte[] prefix = expected == Kind.SECRET ? PKCS8_PREFIX : SPKI_PREFIX;
        if (der.length != prefix.length + 32 || !Arrays.equals(der, 0, prefix.length, prefix, 0, prefix.length)) {
            Arrays.fill(der, (byte) 0);
            throw new MalformedInputException(where, "is not an Ed25519 " + (expected == Kind.SECRET
                    ? "PKCS#8 private key (RFC 8410)" : "SubjectPublicKeyInfo (RFC 8410)"));
        }
        return der;
    }

    private static Kind kindOf(String line, String boundary) {
        if (line.equals("-----" + boundary + " " + SECRET_LABEL + "-----")) {
            return Kind.SECRET;
        }
        if (line.equals("-----" + boundary + " " + PUBLIC_LABEL + "-----")) {
            return Kind.PUBLIC;
        }
        return null;
    }

    static byte[] pem(String label, byte[] der) {
        String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return ("-----BEGIN " + label + "-----\n" + b64 + "\n-----END " + label + "-----\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }
}
