package org.veilgrid.core.cose;

import java.util.Objects;
import java.util.Set;

import com.upokecenter.cbor.CBORObject;
import org.veilgrid.core.cbor.Cbor;
import org.veilgrid.core.cbor.CborItems;
import org.veilgrid.core.cbor.CborProfile;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.identity.AgentPublicKey;

/**
 * The four fields of a tagged COSE_Sign1 (RFC 9052 §4.2), read strictly but not yet judged:
 * {@link Signed} adds Veilgrid's rules (which headers, which algorithm, which key) on top.
 *
 * @param protectedHeader the serialized protected header map (a bstr in the message)
 * @param unprotected     the unprotected header map
 * @param payload         the payload bytes
 * @param signature       the signature bytes
 */
public record CoseSign1(byte[] protectedHeader, CBORObject unprotected, byte[] payload, byte[] signature) {

    /** CBOR tag of a COSE_Sign1 (RFC 9052 §2). */
    public static final int TAG = 18;

    public CoseSign1 {
        Objects.requireNonNull(protectedHeader, "protectedHeader");
        Objects.requireNonNull(unprotected, "unprotected");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(signature, "signature");
    }

    /**
     * Reads a tagged COSE_Sign1 of at most {@code maxPayload} payload bytes.
     *
     * @throws MalformedInputException if it is not deterministic CBOR, not tag 18 over a four-element
     *         array of (bstr, map, bstr, bstr), or larger than allowed
     */
    public static CoseSign1 decode(byte[] bytes, int maxPayload, String what) {
        int max = maxPayload + 1024;
        CBORObject outer = Cbor.decode(bytes, new CborProfile(max, 3, max, Set.of((long) TAG)), what);
        if (!outer.isTagged() || outer.getTagCount() != 1 || !outer.HasMostOuterTag(TAG)) {
            throw new MalformedInputException(what, "not a tagged COSE_Sign1 (tag 18)");
        }
        CBORObject array = CborItems.array(outer.UntagOne(), 4, what);
        return new CoseSign1(
                CborItems.bytes(array.get(0), 0, 1024, what + " protected header"),
                CborItems.map(array.get(1), what + " unprotected header"),
                CborItems.bytes(array.get(2), 0, maxPayload, what + " payload"),
                CborItems.bytes(array.get(3), 0, 1024, what + " signature"));
    }

    /** The tagged, deterministic encoding. */
    public byte[] encode() {
        CBORObject message = CBORObject.NewArray()
                .Add(CBORObject.FromObject(protectedHeader))
                .Add(unprotected)
                .Add(CBORObject.FromObject(payload))
                .Add(CBORObject.FromObject(signature));
        return Cbor.encode(CBORObject.FromObjectAndTag(message, TAG));
    }

    /** The Sig_structure of RFC 9052 §4.4: {@code ["Signature1", protected, external_aad, payload]}. */
    public static byte[] toBeSigned(byte[] protectedHeader, byte[] externalAad, byte[] payload) {
        return Cbor.encode(CBORObject.NewArray()
                .Add("Signature1")
                .Add(CBORObject.FromObject(protectedHeader))
                .Add(CBORObject.FromObject(externalAad))
                .Add(CBORObject.FromObject(payload)));
    }

    /** Whether the signature is {@code key}'s Ed25519 signature of this message's Sig_structure. */
    public boolean verifiedBy(AgentPublicKey key, byte[] externalAad) {
        return key.verifies(toBeSigned(protectedHeader, externalAad, payload), signature);
    }
}
