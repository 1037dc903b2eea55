package org.veilgrid.zk.bulletproofs;

import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.zk.group.RistrettoPoint;

/**
 * A range proof with its statement, as one file: "VGRB" ‖ version (1) ‖ n (u8) ‖ m (u8) ‖
 * m commitments (32 bytes each) ‖ the proof ({@link RangeProof}, exactly (2·log2(n·m) + 9)·32
 * bytes). Decoding checks n and m are supported and every element is canonical.
 */
public record RangeProofBundle(RangeParameters params, RistrettoPoint[] commitments, RangeProof proof) {
    private static final byte[] MAGIC = {'V', 'G', 'R', 'B'};
    /** The longest valid encoding (64 values of 64 bits): a bound for reading proof files. */
    public static final int MAX_LENGTH = 7 + 32 * 64 + new RangeParameters(64, 64).proofLength();

    public RangeProofBundle {
        if (commitments.length != params.values()) {
            throw new ParameterException("bundle needs " + params.values() + " commitments");
        }
        commitments = commitments.clone();
    }

    /** @throws org.veilgrid.core.errors.VerificationFailedException if the proof is false */
    public void verify() {
        RangeVerifier.verify(params, commitments, proof);
    }

    public byte[] toBytes() {
        byte[] p = proof.toBytes();
        byte[] out = new byte[7 + 32 * commitments.length + p.length];
        System.arraycopy(MAGIC, 0, out, 0, 4);
        out[4] = 1;
        out[5] = (byte) params.bits();
        out[6] = (byte) params.values();
        for (int i = 0; i < commitments.length; i++) {
            commitments[i].encode(out, 7 + 32 * i);
        }
        System.arraycopy(p, 0, out, 7 + 32 * commitments.length, p.length);
        return out;
    }

    public static RangeProofBundle fromBytes(byte[] b) {
        if (b == null || b.length < 7) {
            throw new MalformedInputException("RangeProofBundle", "shorter than its 7-byte header");
        }
        for (int i = 0; i < 4; i++) {
            if (b[i] != MAGIC[i]) {
                throw new MalformedInputException("RangeProofBundle", "does not start with VGRB");
            }
        }
        if (b[4] != 1) {
            throw new MalformedInputException("RangeProofBundle.version", "unsupported version " + (b[4] & 0xFF));
        }
        RangeParameters p;
        try {
            p = new RangeParameters(b[5] & 0xFF, b[6] & 0xFF);
        } catch (ParameterException e) {
            throw new MalformedInputException("RangeProofBundle.parameters", e.getMessage(), e);
        }
        int m = p.values();
        int expected = 7 + 32 * m + p.proofLength();
        if (b.length != expected) {
            throw MalformedInputException.wrongLength("RangeProofBundle", expected, b.length);
        }
        RistrettoPoint[] cs = new RistrettoPoint[m];
        for (int i = 0; i < m; i++) {
            cs[i] = RistrettoPoint.decodeOrNull(b, 7 + 32 * i);
            if (cs[i] == null) {
                throw new MalformedInputException("RangeProofBundle.commitments", "commitment " + i + " is not canonical");
            }
        }
        return new RangeProofBundle(p, cs, RangeProof.fromBytes(java.util.Arrays.copyOfRange(b, 7 + 32 * m, b.length)));
    }
}
