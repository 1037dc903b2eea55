package org.veilgrid.zk.bulletproofs;

import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.zk.group.RistrettoPoint;
import org.veilgrid.zk.group.Scalar;

/**
 * An (aggregated) Bulletproofs range proof: the prover's messages, named as in Bünz et al.
 * 2018 section 4: A, S (bit and blinding vector commitments), T1, T2 (commitments to t(X)'s
 * coefficients), taux (τ_x), mu (μ), t_hat (t̂), and the inner-product argument's L_k, R_k, a, b.
 *
 * <p>Encoding, fixed layout, 32 bytes per element, (2·log2(n·m) + 9)·32 bytes in all (672 for
 * one 64-bit value): A ‖ S ‖ T1 ‖ T2 ‖ taux ‖ mu ‖ t_hat ‖ L_0 ‖ R_0 ‖ … ‖ L_{k-1} ‖ R_{k-1} ‖ a ‖ b.
 * Decoding requires the exact length, canonical Ristretto255 points and canonical scalars.
 */
public final class RangeProof {
    final RistrettoPoint bigA;
    final RistrettoPoint bigS;
    final RistrettoPoint t1;
    final RistrettoPoint t2;
    final Scalar taux;
    final Scalar mu;
    final Scalar tHat;
    final InnerProductProof ipp;

    RangeProof(RistrettoPoint bigA, RistrettoPoint bigS, RistrettoPoint t1, RistrettoPoint t2, Scalar taux,
               Scalar mu, Scalar tHat, InnerProductProof ipp) {
        this.bigA = bigA;
        this.bigS = bigS;
        this.t1 = t1;
        this.t2 = t2;
        this.taux = taux;
        this.mu = mu;
        this.tHat = tHat;
        this.ipp = ipp;
    }

    /** Number of inner-product rounds, log2(n·m). */
    public int rounds() {
        return ipp.l.length;
    }

    public byte[] toBytes() {
        int k = rounds();
        byte[] out = new byte[32 * (2 * k + 9)];
        bigA.encode(out, 0);
        bigS.encode(out, 32);
        t1.encode(out, 64);
        t2.encode(out, 96);
        taux.toBytes(out, 128);
        mu.toBytes(out, 160);
        tHat.toBytes(out, 192);
        for (int i = 0; i < k; i++) {
            ipp.l[i].encode(out, 224 + 64 * i);
            ipp.r[i].encode(out, 256 + 64 * i);
        }
        ipp.a.toBytes(out, 224 + 64 * k);
        ipp.b.toBytes(out, 256 + 64 * k);
        return out;
    }

    /**
     * Decodes a proof of any supported size (3 to 12 inner-product rounds); the verifier checks
     * that the size matches its parameters.
     *
     * @throws MalformedInputException on a wrong length or a non-canonical element
     */
    public static RangeProof fromBytes(byte[] b) {
        if (b == null) {
            throw new MalformedInputException("RangeProof", "missing");
        }
        if (b.length % 32 != 0 || b.length < 32 * 15 || b.length > 32 * 33 || ((b.length / 32 - 9) & 1) != 0) {
            throw new MalformedInputException("RangeProof", "length " + b.length
                    + " is not (2k + 9)·32 bytes for k in [3, 12]");
        }
        int k = (b.length / 32 - 9) / 2;
        RistrettoPoint[] l = new RistrettoPoint[k];
        RistrettoPoint[] r = new RistrettoPoint[k];
        for (int i = 0; i < k; i++) {
            l[i] = point("RangeProof.L", b, 224 + 64 * i);
            r[i] = point("RangeProof.R", b, 256 + 64 * i);
        }
        return new RangeProof(point("RangeProof.A", b, 0), point("RangeProof.S", b, 32),
                point("RangeProof.T1", b, 64), point("RangeProof.T2", b, 96),
                scalar("RangeProof.taux", b, 128), scalar("RangeProof.mu", b, 160), scalar("RangeProof.t_hat", b, 192),
                new InnerProductProof(l, r, scalar("RangeProof.a", b, 224 + 64 * k),
                        scalar("RangeProof.b", b, 256 + 64 * k)));
    }

    private static RistrettoPoint point(String what, byte[] b, int off) {
        RistrettoPoint p = RistrettoPoint.decodeOrNull(b, off);
        if (p == null) {
            throw new MalformedInputException(what, "not a canonical Ristretto255 point (offset " + off + ")");
        }
        return p;
    }

    private static Scalar scalar(String what, byte[] b, int off) {
        try {
            return Scalar.fromCanonicalBytes(b, off);
        } catch (MalformedInputException e) {
            throw new MalformedInputException(what, "not a canonical scalar (offset " + off + ")", e);
        }
    }
}
