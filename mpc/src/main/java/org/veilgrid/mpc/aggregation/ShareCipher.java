package org.veilgrid.mpc.aggregation;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.VerificationFailedException;

/**
 * Encrypts a key share to one committee member, so the server can relay it without reading it:
 * X25519 between a fresh ephemeral key and the member's key, HKDF-SHA256 over the shared secret
 * and the context (round, client, seat), ChaCha20-Poly1305 with that context as associated
 * data. A share moved to another round, client or seat fails authentication.
 */
public final class ShareCipher {
    public static final int PUBLIC_KEY_BYTES = 32;
    public static final int TAG_BYTES = 16;
    private static final byte[] DOMAIN = "veilgrid/opa/share/v1".getBytes(StandardCharsets.UTF_8);

    private ShareCipher() {
    }

    /** A ciphertext and the ephemeral public key that opens it. */
    public static final class Sealed {
        public final byte[] ephemeralKey;
        public final byte[] ciphertext;

        public Sealed(byte[] ephemeralKey, byte[] ciphertext) {
            this.ephemeralKey = ephemeralKey;
            this.ciphertext = ciphertext;
        }
    }

    /** A member's X25519 key pair. */
    public static KeyPair newKeyPair() {
        try {
            return KeyPairGenerator.getInstance("X25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 is not available in this JDK", e);
        }
    }

    /** The 32-byte little-endian u-coordinate of an X25519 public key. */
    public static byte[] encode(PublicKey key) {
        BigInteger u = ((XECPublicKey) key).getU();
        byte[] be = u.toByteArray();
        byte[] out = new byte[PUBLIC_KEY_BYTES];
        for (int i = 0; i < Math.min(be.length, PUBLIC_KEY_BYTES); i++) {
            out[i] = be[be.length - 1 - i];
        }
        return out;
    }

    /** @throws MalformedInputException if the bytes are not a 32-byte X25519 public key */
    public static PublicKey decode(String where, byte[] raw) {
        if (raw == null || raw.length != PUBLIC_KEY_BYTES) {
            throw MalformedInputException.wrongLength(where, PUBLIC_KEY_BYTES, raw == null ? 0 : raw.length);
        }
        byte[] be = new byte[PUBLIC_KEY_BYTES];
        for (int i = 0; i < PUBLIC_KEY_BYTES; i++) {
            be[i] = raw[PUBLIC_KEY_BYTES - 1 - i];
        }
        be[0] &= 0x7f; // RFC 7748: the top bit is ignored
        try {
            return KeyFactory.getInstance("XDH").generatePublic(
                    new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, be)));
        } catch (GeneralSecurityException e) {
            throw new MalformedInputException(where, "not an X25519 public key");
        }
    }

    public static Sealed seal(PublicKey member, byte[] context, byte[] plaintext) {
        KeyPair eph = newKeyPair();
        byte[] ephRaw = encode(eph.getPublic());
        byte[] key = derive(eph.getPrivate(), member, ephRaw, context);
        try {
            Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
            // Each (ephemeral key, context) gives a fresh key, so a zero nonce is never reused.
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(new byte[12]));
            c.updateAAD(context);
            return new Sealed(ephRaw, c.doFinal(plaintext));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 failed", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** @throws VerificationFailedException if the ciphertext was not sealed to this key and context */
    public static byte[] open(PrivateKey member, byte[] context, Sealed sealed) {
        PublicKey eph = decode("share.ephemeral_key", sealed.ephemeralKey);
        byte[] key = derive(member, eph, sealed.ephemeralKey, context);
        try {
            Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(new byte[12]));
            c.updateAAD(context);
            return c.doFinal(sealed.ciphertext);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new VerificationFailedException("a key share failed authentication (wrong key, round, client or seat)");
        } catch (GeneralSecurityException e) {
            throw new VerificationFailedException("a key share could not be opened: " + e.getClass().getSimpleName());
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** The context bound into each share: round id, client id and seat. */
    public static byte[] context(byte[] roundId, String clientId, int seat) {
        byte[] client = clientId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(DOMAIN.length + 4 + roundId.length + 4 + client.length + 4)
                .put(DOMAIN).putInt(roundId.length).put(roundId).putInt(client.length).put(client).putInt(seat).array();
    }

    private static byte[] derive(PrivateKey mine, PublicKey theirs, byte[] ephRaw, byte[] context) {
        try {
            KeyAgreement ka = KeyAgreement.getInstance("XDH");
            ka.init(mine);
            ka.doPhase(theirs, true);
            byte[] shared = ka.generateSecret();
            if (isZero(shared)) {
                throw new VerificationFailedException("X25519 gave the all-zero secret (a small-order key)");
            }
            // HKDF-SHA256 (RFC 5869): extract with the ephemeral key as salt, expand with the context.
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(ephRaw, "HmacSHA256"));
            byte[] prk = mac.doFinal(shared);
            Arrays.fill(shared, (byte) 0);
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            mac.update(context);
            mac.update((byte) 1);
            byte[] okm = mac.doFinal();
            Arrays.fill(prk, (byte) 0);
            return okm;
        } catch (GeneralSecurityException e) {
            throw new VerificationFailedException("key agreement failed: " + e.getClass().getSimpleName());
        }
    }

    private static boolean isZero(byte[] b) {
        int acc = 0;
        for (byte x : b) {
            acc |= x;
        }
        return acc == 0;
    }
}
