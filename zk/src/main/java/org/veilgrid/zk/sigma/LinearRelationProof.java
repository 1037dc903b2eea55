package org.veilgrid.zk.sigma;

import java.security.SecureRandom;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.zk.commit.PedersenGens;
import org.veilgrid.zk.group.MultiScalar;
import org.veilgrid.zk.group.RistrettoPoint;
import org.veilgrid.zk.group.Scalar;
import org.veilgrid.zk.transcript.Transcript;

/**
 * Proof that committed values v_i in C_i = v_i·G + r_i·H satisfy a public linear relation
 * Σ a_i·v_i = c (mod ℓ). Then Σ a_i·C_i − c·G = (Σ a_i·r_i)·H, and a Schnorr proof of
 * knowledge of log_H of that point proves the relation (binding). Coefficients, constant and
 * commitments are all in the transcript. Encoding: that of {@link DlogProof} (64 bytes).
 */
public final class LinearRelationProof {
    public static final int LENGTH = DlogProof.LENGTH;
    static final String PROTOCOL = "veilgrid/zk/sigma/linear";

    private final DlogProof inner;

    private LinearRelationProof(DlogProof inner) {
        this.inner = inner;
    }

    private static Transcript transcript(Scalar[] a, RistrettoPoint[] cs, Scalar c) {
        if (a.length != cs.length || a.length == 0) {
            throw new ParameterException("a linear relation needs one coefficient per commitment (got "
                    + a.length + " and " + cs.length + ")");
        }
        Transcript t = new Transcript(PROTOCOL).append("n", a.length);
        for (int i = 0; i < a.length; i++) {
            t.append("a", a[i]).append("C", cs[i]);
        }
        return t.append("c", c);
    }

    private static RistrettoPoint target(Scalar[] a, RistrettoPoint[] cs, Scalar c) {
        MultiScalar m = new MultiScalar(a.length + 1);
        for (int i = 0; i < a.length; i++) {
            m.add(a[i], cs[i]);
        }
        return m.add(c.negate(), PedersenGens.standard().g()).vartime();
    }

    public static LinearRelationProof prove(Scalar[] a, PedersenGens.Opening[] openings, Scalar c, SecureRandom rng) {
        RistrettoPoint[] cs = new RistrettoPoint[openings.length];
        Scalar rho = Scalar.ZERO;
        for (int i = 0; i < openings.length; i++) {
            cs[i] = openings[i].commitment();
            if (i < a.length) {
                rho = rho.add(a[i].mul(openings[i].blinding()));
            }
        }
        Transcript t = transcript(a, cs, c);
        return new LinearRelationProof(DlogProof.prove(t, PROTOCOL, PedersenGens.standard().h(), rho, rng));
    }

    public void verify(Scalar[] a, RistrettoPoint[] commitments, Scalar c) {
        Transcript t = transcript(a, commitments, c);
        try {
            inner.verify(t, PROTOCOL, PedersenGens.standard().h(), target(a, commitments, c));
        } catch (VerificationFailedException e) {
            throw new VerificationFailedException("linear relation proof does not verify");
        }
    }

    public byte[] toBytes() {
        return inner.toBytes();
    }

    public static LinearRelationProof fromBytes(byte[] b) {
        ProofBytes.expectLength("LinearRelationProof", b, LENGTH);
        return new LinearRelationProof(DlogProof.fromBytes(b));
    }
}
