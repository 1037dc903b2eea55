package org.veilgrid.zk.promise;

import java.security.SecureRandom;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.core.identity.AgentPublicKey;

/**
 * An agent's Ed25519 signing key (RFC 8032, BouncyCastle). The private key is the 32-byte seed;
 * the public key is 32 bytes. Signatures are 64 bytes.
 *
 * <p>The zk module's own statements are signed with core's {@link AgentKey} (COSE_Sign1); this
 * class remains for auction-private and grid-bridge until their formats move too, and converts
 * with {@link #toAgentKey()}.
 */
public final class AgentKeys {
    public static final int PUBLIC_LENGTH = 32;
    public static final int SIGNATURE_LENGTH = 64;

    private final Ed25519PrivateKeyParameters priv;
    private final byte[] pub;

    private AgentKeys(Ed25519PrivateKeyParameters priv) {
        this.priv = priv;
        this.pub = priv.generatePublicKey().getEncoded();
    }

    public static AgentKeys generate(SecureRandom rng) {
        return new AgentKeys(new Ed25519PrivateKeyParameters(rng));
    }

    /** From the 32-byte seed. */
    public static AgentKeys fromSeed(byte[] seed) {
        if (seed == null || seed.length != 32) {
            throw MalformedInputException.wrongLength("Ed25519 private key", 32, seed == null ? 0 : seed.length);
        }
        return new AgentKeys(new Ed25519PrivateKeyParameters(seed, 0));
    }

    /** The 32-byte seed: secret. */
    public byte[] seed() {
        return priv.getEncoded();
    }

    public byte[] publicKey() {
        return pub.clone();
    }

    public byte[] sign(byte[] message) {
        Ed25519Signer s = new Ed25519Signer();
        s.init(true, priv);
        s.update(message, 0, message.length);
        return s.generateSignature();
    }

    /** True if {@code sig} is a valid signature of {@code message} under {@code publicKey}. */
    public static boolean verify(byte[] publicKey, byte[] message, byte[] sig) {
        if (publicKey == null || publicKey.length != PUBLIC_LENGTH || sig == null || sig.length != SIGNATURE_LENGTH) {
            return false;
        }
        Ed25519PublicKeyParameters pk;
        try {
            pk = new Ed25519PublicKeyParameters(publicKey, 0);
        } catch (IllegalArgumentException e) {
            return false;
        }
        Ed25519Signer v = new Ed25519Signer();
        v.init(false, pk);
        v.update(message, 0, message.length);
        return v.verifySignature(sig);
    }

    /**
     * The same key as core's {@link AgentKey}, which the zk statements (promises, receipts) are
     * signed with; this class stays for the modules that still sign their own formats with it.
     */
    public AgentKey toAgentKey() {
        byte[] seed = seed();
        try {
            return AgentKey.fromSeed(seed);
        } finally {
            java.util.Arrays.fill(seed, (byte) 0);
        }
    }

    /** The public key as core's {@link AgentPublicKey}. */
    public AgentPublicKey toAgentPublicKey() {
        return AgentPublicKey.of(pub);
    }

    @Override
    public String toString() {
        return "AgentKeys(public=" + java.util.HexFormat.of().formatHex(pub) + ")";
    }
}
