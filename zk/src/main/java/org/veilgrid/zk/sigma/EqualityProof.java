package org.veilgrid.zk.sigma;

import java.security.SecureRandom;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.zk.commit.PedersenGens;
import org.veilgrid.zk.group.RistrettoPoint;
import org.veilgrid.zk.transcript.Transcript;

/**
 * Proof that two Pedersen commitments C1 = v·G + r1·H and C2 = v'·G + r2·H hold the same
 * value (v = v'). C1 − C2 = (v − v')·G + (r1 − r2)·H, so a Schnorr proof of knowledge of
 * log_H(C1 − C2) shows v = v' unless the prover knows log_H G. Both commitments are bound into
 * the transcript (in order), so a proof for (C1, C2) does not verify for other commitments.
 * Encoding: that of {@link DlogProof} (64 bytes).
 */
public final class EqualityProof {
    public static final int LENGTH = DlogProof.LENGTH;
    static final String PROTOCOL = "veilgrid/zk/sigma/equality";

    private final DlogProof inner;

    private EqualityProof(DlogProof inner) {
        this.inner = inner;
    }

    private static Transcript transcript(RistrettoPoint c1, RistrettoPoint c2) {
        return new Transcript(PROTOCOL).append("C1", c1).append("C2", c2);
    }

    /** The openings must hold the same value; otherwise the proof will not verify. */
    public static EqualityProof prove(PedersenGens.Opening a, PedersenGens.Opening b, SecureRandom rng) {
        return new EqualityProof(DlogProof.prove(transcript(a.commitment(), b.commitment()), PROTOCOL,
                PedersenGens.standard().h(), a.blinding().sub(b.blinding()), rng));
    }

    public void verify(RistrettoPoint c1, RistrettoPoint c2) {
        try {
            inner.verify(transcript(c1, c2), PROTOCOL, PedersenGens.standard().h(), c1.sub(c2));
        } catch (VerificationFailedException e) {
            throw new VerificationFailedException("equality proof does not verify: the commitments are not shown to hold one value");
        }
    }

    public byte[] toBytes() {
        return inner.toBytes();
    }

    public static EqualityProof fromBytes(byte[] b) {
        ProofBytes.expectLength("EqualityProof", b, LENGTH);
        return new EqualityProof(DlogProof.fromBytes(b));
    }
}
