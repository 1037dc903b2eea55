package org.veilgrid.core.identity;

import java.security.SecureRandom;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.veilgrid.core.errors.MalformedInputException;

/**
 * An agent's secret Ed25519 signing key (RFC 8032, BouncyCastle): signs statements, has a
 * {@link #publicKey()}. {@link #toString()} shows only the public key's fingerprint.
 */
public final class AgentKey {

    /** The secret seed's length. */
    public static final int SEED_BYTES = 32;

    private final Ed25519PrivateKeyParameters key;
    private final AgentPublicKey publicKey;

    private AgentKey(Ed25519PrivateKeyParameters key) {
        this.key = key;
        this.publicKey = AgentPublicKey.of(key.generatePublicKey().getEncoded());
    }

    /** A fresh key from {@code random} (a {@link SecureRandom}: the key is only as good as it). */
    public static AgentKey generate(SecureRandom random) {
        return new AgentKey(new Ed25519PrivateKeyParameters(random));
    }

    /** The key whose RFC 8032 secret seed is {@code seed} (32 bytes). */
    public static AgentKey fromSeed(byte[] seed) {
        if (seed == null || seed.length != SEED_BYTES) {
            throw MalformedInputException.wrongLength("Ed25519 secret key", SEED_BYTES, seed == null ? 0 : seed.length);
        }
        return new AgentKey(new Ed25519PrivateKeyParameters(seed, 0));
    }

    /** The secret seed, for saving the key. Never log it. */
    public byte[] seed() {
        return key.getEncoded();
    }

    /** The matching public key. */
    public AgentPublicKey publicKey() {
        return publicKey;
    }

    /** The 64-byte Ed25519 signature of {@code message}. */
    public byte[] sign(byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    @Override
    public String toString() {
        return "AgentKey(fingerprint " + publicKey.fingerprint() + ", secret hidden)";
    }
}
