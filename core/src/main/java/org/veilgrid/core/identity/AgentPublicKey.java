package org.veilgrid.core.identity;

import java.util.Arrays;
import java.util.HexFormat;

import com.upokecenter.cbor.CBORObject;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.veilgrid.core.cbor.Cbor;
import org.veilgrid.core.cbor.CborItems;
import org.veilgrid.core.errors.MalformedInputException;

/**
 * An agent's public Ed25519 key (RFC 8032): checks signatures, and has a {@link KeyFingerprint}.
 * A public key is always this type, never a bare {@code byte[]}, so a secret can never be passed
 * where a public key is expected.
 */
public final class AgentPublicKey {

    /** Encoded Ed25519 public key length. */
    public static final int BYTES = 32;
    /** Ed25519 signature length. */
    public static final int SIGNATURE_BYTES = 64;

    private final byte[] encoded;
    private final Ed25519PublicKeyParameters key;
    private final KeyFingerprint fingerprint;

    private AgentPublicKey(byte[] encoded, Ed25519PublicKeyParameters key) {
        this.encoded = encoded;
        this.key = key;
        this.fingerprint = KeyFingerprint.sha256(Cbor.encode(coseKey(encoded)));
    }

    /**
     * Reads a 32-byte encoded key.
     *
     * @throws MalformedInputException if the length is wrong or the bytes are not a curve point
     */
    public static AgentPublicKey of(byte[] encoded) {
        if (encoded == null || encoded.length != BYTES) {
            throw MalformedInputException.wrongLength("Ed25519 public key", BYTES, encoded == null ? 0 : encoded.length);
        }
        byte[] copy = encoded.clone();
        try {
            return new AgentPublicKey(copy, new Ed25519PublicKeyParameters(copy, 0));
        } catch (IllegalArgumentException e) {
            throw new MalformedInputException("Ed25519 public key", "not a point of edwards25519", e);
        }
    }

    /** The required parameters of this key's COSE_Key (RFC 9053 §7.2): kty OKP, crv Ed25519, x. */
    static CBORObject coseKey(byte[] x) {
        CBORObject key = CBORObject.NewMap();
        key.Add(1, 1);      // kty: OKP
        key.Add(-1, 6);     // crv: Ed25519
        key.Add(-2, CBORObject.FromObject(x));
        return key;
    }

    /**
     * The key as it travels in a statement: a CBOR byte string of {@value #BYTES} bytes.
     */
    public CBORObject toCbor() {
        return CBORObject.FromObject(encoded());
    }

    /**
     * Reads a key written by {@link #toCbor()}.
     *
     * @param field the field's name, for the error message
     * @throws MalformedInputException if the item is not a {@value #BYTES}-byte string or not a
     *         curve point
     */
    public static AgentPublicKey fromCbor(CBORObject item, String field) {
        byte[] b = CborItems.bytes(item, BYTES, field);
        try {
            return of(b);
        } catch (MalformedInputException e) {
            throw new MalformedInputException(field, "is not an Ed25519 public key", e);
        }
    }

    /** This key as a COSE_Key map (kty, crv, x), e.g. for a participant card. */
    public CBORObject toCoseKey() {
        return coseKey(encoded);
    }

    /** The 32-byte encoding. */
    public byte[] encoded() {
        return encoded.clone();
    }

    /** The RFC 9679 thumbprint of this key. */
    public KeyFingerprint fingerprint() {
        return fingerprint;
    }

    /** Whether {@code signature} is this key's Ed25519 signature of {@code message}. */
    public boolean verifies(byte[] message, byte[] signature) {
        if (message == null || signature == null || signature.length != SIGNATURE_BYTES) {
            return false;
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, key);
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AgentPublicKey k && Arrays.equals(encoded, k.encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return "AgentPublicKey(" + HexFormat.of().formatHex(encoded) + ")";
    }
}
