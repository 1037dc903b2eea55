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
 * One-out-of-many proof (Cramer–Damgård–Schoenmakers OR composition of Schnorr proofs): a
 * Pedersen commitment C holds one of N public values v_1..v_N, without saying which.
 *
 * <p>With Y_i = C − v_i·G, the prover knows r = log_H Y_j for its index j. For i ≠ j it
 * simulates (c_i, s_i) at random and sets R_i = s_i·H − c_i·Y_i; for j it sets R_j = k·H. The
 * challenge c = H(C, v, R_1..R_N) fixes c_j = c − Σ_{i≠j} c_i and s_j = k + c_j·r. The
 * verifier recomputes every R_i = s_i·H − c_i·Y_i and checks Σ c_i = c. Special soundness:
 * two accepting transcripts with different c differ in some c_i and yield log_H Y_i.
 *
 * <p>The prover runs the same operations for every i (the real branch is chosen with masked
 * selects), so its timing does not reveal j. Encoding: c_1 ‖ s_1 ‖ … ‖ c_N ‖ s_N (64·N bytes).
 */
public final class OneOfManyProof {
    static final String PROTOCOL = "veilgrid/zk/sigma/one-of-many";
    /** Largest candidate set accepted. */
    public static final int MAX_CANDIDATES = 4096;

    private final Scalar[] c;
    private final Scalar[] s;

    private OneOfManyProof(Scalar[] c, Scalar[] s) {
        this.c = c;
        this.s = s;
    }

    private static void checkSize(int n) {
        if (n < 2 || n > MAX_CANDIDATES) {
            throw new ParameterException("one-of-many needs 2 to " + MAX_CANDIDATES + " candidates, got " + n);
        }
    }

    private static Transcript transcript(RistrettoPoint commitment, Scalar[] values) {
        Transcript t = new Transcript(PROTOCOL).append("n", values.length).append("C", commitment);
        for (Scalar v : values) {
            t.append("v", v);
        }
        return t;
    }

    /**
     * @param opening the commitment and its opening; its value must be values[index]
     * @param values  the public candidates
     * @param index   the prover's secret position
     */
    public static OneOfManyProof prove(PedersenGens.Opening opening, Scalar[] values, int index, SecureRandom rng) {
        int n = values.length;
        checkSize(n);
        if (index < 0 || index >= n) {
            throw new ParameterException("index outside the candidate list");
        }
        PedersenGens pg = PedersenGens.standard();
        RistrettoPoint cm = opening.commitment();
        Scalar k = Scalar.random(rng);
        Scalar[] c = new Scalar[n];
        Scalar[] s = new Scalar[n];
        Transcript t = transcript(cm, values);
        Scalar sumOthers = Scalar.ZERO;
        for (int i = 0; i < n; i++) {
            int isJ = (((i ^ index) - 1) >>> 31) & 1;
            c[i] = Scalar.select(Scalar.random(rng), Scalar.ZERO, isJ);
            s[i] = Scalar.select(Scalar.random(rng), k, isJ);
            sumOthers = sumOthers.add(c[i]);
            RistrettoPoint yi = cm.sub(pg.g().mul(values[i]));
            RistrettoPoint ri = new MultiScalar(2).add(s[i], pg.h()).add(c[i].negate(), yi).constantTime();
            t.append("R", ri);
        }
        Scalar ch = t.challengeScalar("c");
        Scalar cj = ch.sub(sumOthers);
        Scalar sj = k.add(cj.mul(opening.blinding()));
        for (int i = 0; i < n; i++) {
            int isJ = (((i ^ index) - 1) >>> 31) & 1;
            c[i] = Scalar.select(c[i], cj, isJ);
            s[i] = Scalar.select(s[i], sj, isJ);
        }
        return new OneOfManyProof(c, s);
    }

    /** @throws VerificationFailedException unless C commits to one of the values */
    public void verify(RistrettoPoint commitment, Scalar[] values) {
        int n = values.length;
        checkSize(n);
        if (c.length != n) {
            throw new VerificationFailedException("one-of-many proof is for " + c.length + " candidates, not " + n);
        }
        PedersenGens pg = PedersenGens.standard();
        Transcript t = transcript(commitment, values);
        Scalar sum = Scalar.ZERO;
        for (int i = 0; i < n; i++) {
            // R_i = s_i·H − c_i·C + c_i·v_i·G
            RistrettoPoint ri = new MultiScalar(3).add(s[i], pg.h()).add(c[i].negate(), commitment)
                    .add(c[i].mul(values[i]), pg.g()).vartime();
            t.append("R", ri);
            sum = sum.add(c[i]);
        }
        if (!t.challengeScalar("c").equals(sum)) {
            throw new VerificationFailedException("one-of-many proof does not verify");
        }
    }

    public int candidates() {
        return c.length;
    }

    public byte[] toBytes() {
        byte[] out = new byte[64 * c.length];
        for (int i = 0; i < c.length; i++) {
            c[i].toBytes(out, 64 * i);
            s[i].toBytes(out, 64 * i + 32);
        }
        return out;
    }

    /** Decodes a proof over {@code candidates} values (the count is part of the statement). */
    public static OneOfManyProof fromBytes(byte[] b, int candidates) {
        checkSize(candidates);
        ProofBytes.expectLength("OneOfManyProof", b, 64 * candidates);
        Scalar[] c = new Scalar[candidates];
        Scalar[] s = new Scalar[candidates];
        for (int i = 0; i < candidates; i++) {
            c[i] = ProofBytes.scalar("OneOfManyProof.c", b, 64 * i);
            s[i] = ProofBytes.scalar("OneOfManyProof.s", b, 64 * i + 32);
        }
        return new OneOfManyProof(c, s);
    }
}
