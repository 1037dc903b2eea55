package org.veilgrid.zk.bulletproofs;

import java.util.Set;

import com.upokecenter.cbor.CBORObject;
import org.veilgrid.core.cbor.CborSizes;
import org.veilgrid.core.cbor.Cbor;
import org.veilgrid.core.cbor.CborItems;
import org.veilgrid.core.cbor.CborProfile;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.zk.cbor.ZkItems;
import org.veilgrid.zk.group.RistrettoPoint;

/**
 * A range proof with its statement, as one file: deterministic CBOR
 * {@code [version 2, n, m, [commitment: bstr 32] (m), proof: bstr]}, the proof the compact
 * {@link RangeProof} encoding of exactly (2·log2(n·m) + 9)·32 bytes. Decoding checks n and m are
 * supported, every commitment is a canonical point and the proof decodes strictly for (n, m).
 */
public record RangeProofBundle(RangeParameters params, RistrettoPoint[] commitments, RangeProof proof) {
    private static final String WHAT = "range proof";
    private static final int MAX_VALUES = 64;
    private static final int MAX_PROOF_BYTES = new RangeParameters(64, MAX_VALUES).proofLength();
    /** The longest valid encoding (64 values of 64 bits): a bound for reading proof files (reached exactly). */
    public static final int MAX_LENGTH = 1 + 1 + CborSizes.headLength(64) + CborSizes.headLength(MAX_VALUES)
            + CborSizes.headLength(MAX_VALUES) + MAX_VALUES * CborSizes.stringLength(ZkItems.ELEMENT_BYTES)
            + CborSizes.stringLength(MAX_PROOF_BYTES);
    private static final CborProfile PROFILE = new CborProfile(MAX_LENGTH, 2, MAX_PROOF_BYTES, Set.of());

    public RangeProofBundle {
        if (commitments.length != params.values()) {
            throw new ParameterException("bundle needs " + params.values() + " commitments");
        }
        commitments = commitments.clone();
    }

    @Override
    public RistrettoPoint[] commitments() {
        return commitments.clone();
    }

    /** @throws org.veilgrid.core.errors.VerificationFailedException if the proof is false */
    public void verify() {
        RangeVerifier.verify(params, commitments, proof);
    }

    public byte[] toBytes() {
        CBORObject cs = CBORObject.NewArray();
        for (RistrettoPoint c : commitments) {
            cs.Add(ZkItems.point(c));
        }
        return Cbor.encode(CBORObject.NewArray().Add(ZkItems.VERSION).Add(params.bits()).Add(params.values()).Add(cs)
                .Add(CBORObject.FromObject(proof.toBytes())));
    }

    /**
     * Strict decoding.
     *
     * @throws MalformedInputException if anything is out of place, or for a file of another version
     */
    public static RangeProofBundle fromBytes(byte[] b) {
        CBORObject file = ZkItems.openFile(b, PROFILE, WHAT, "VGRB", 5);
        RangeParameters p;
        try {
            p = new RangeParameters((int) CborItems.integer(file.get(1), 0, 64, WHAT + ".bits"),
                    (int) CborItems.integer(file.get(2), 0, MAX_VALUES, WHAT + ".values"));
        } catch (ParameterException e) {
            throw new MalformedInputException(WHAT + ".parameters", e.getMessage(), e);
        }
        CBORObject list = CborItems.array(file.get(3), p.values(), WHAT + ".commitments");
        RistrettoPoint[] cs = new RistrettoPoint[p.values()];
        for (int i = 0; i < cs.length; i++) {
            cs[i] = ZkItems.point(list.get(i), WHAT + ".commitments[" + i + "]");
        }
        byte[] proof = CborItems.bytes(file.get(4), p.proofLength(), WHAT + ".proof");
        return new RangeProofBundle(p, cs, RangeProof.fromBytes(proof));
    }
}
