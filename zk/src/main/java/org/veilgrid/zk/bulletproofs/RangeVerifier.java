package org.veilgrid.zk.bulletproofs;

import java.security.SecureRandom;
import java.util.List;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.zk.commit.PedersenGens;
import org.veilgrid.zk.group.FixedBases;
import org.veilgrid.zk.group.MultiScalar;
import org.veilgrid.zk.group.RistrettoPoint;
import org.veilgrid.zk.group.Scalar;
import org.veilgrid.zk.transcript.Transcript;

/**
 * Verifies range proofs with one multi-scalar multiplication.
 *
 * <p>The two checks of the paper — t̂·B + τ_x·B̃ = Σ_j z^{2+j}·V_j + δ(y,z)·B + x·T1 + x²·T2, and
 * the inner-product argument's final equation (with the s_i of {@link
 * InnerProductProof#verificationScalars}) — are merged with a random weight c into one
 * equation Σ (scalar·point) = 0 over G_i, H_i, B, B̃, V_j, A, S, T1, T2, L_k, R_k:
 * <pre>
 *  G_i: −z − a·s_i            H_i: z + y^{-i}·(z^{2+j}·2^{i mod n} − b·s_i⁻¹)
 *  B:  w·(t̂ − a·b) + c·(δ − t̂)  B̃: −μ − c·τ_x     V_j: c·z^{2+j}
 *  A: 1   S: x   T1: c·x   T2: c·x²   L_k: u_k²   R_k: u_k⁻²
 *  δ(y,z) = (z − z²)·Σ_{i<nm} y^i − Σ_j z^{3+j}·(2^n − 1)
 * </pre>
 * Batch verification adds several proofs' equations, each times a fresh random weight, so the
 * G_i, H_i, B and B̃ terms are shared and k proofs cost one MSM of 2·nm + 2 + k·(m + 4 + 2·log2(nm))
 * terms. Weights come from SecureRandom; a false proof passes with probability about 1/ℓ.
 */
public final class RangeVerifier {
    private static final SecureRandom WEIGHTS = new SecureRandom();

    private RangeVerifier() {
    }

    /** One proof with its statement. */
    public record Statement(RangeParameters params, RistrettoPoint[] commitments, RangeProof proof) {
    }

    /** @throws VerificationFailedException unless every committed value is in [0, 2^n) */
    public static void verify(RangeParameters p, RistrettoPoint[] commitments, RangeProof proof) {
        verifyBatch(List.of(new Statement(p, commitments, proof)));
    }

    /**
     * Verifies all proofs at once; throws if any one of them is false (without saying which:
     * verify singly to find it).
     */
    public static void verifyBatch(List<Statement> statements) {
        if (statements.isEmpty()) {
            return;
        }
        int maxSize = 0;
        int extra = 0;
        for (Statement s : statements) {
            RangeParameters p = s.params();
            if (s.commitments().length != p.values()) {
                throw new ParameterException("range proof over " + p.values() + " values given "
                        + s.commitments().length + " commitments");
            }
            if (s.proof().rounds() != p.rounds()) {
                throw new VerificationFailedException("range proof has " + s.proof().rounds()
                        + " inner-product rounds; n·m = " + p.size() + " needs " + p.rounds());
            }
            maxSize = Math.max(maxSize, p.size());
            extra += p.values() + 4 + 2 * p.rounds();
        }
        BulletproofGens gens = BulletproofGens.forCapacity(maxSize);
        PedersenGens pg = PedersenGens.standard();
        Scalar[] gCoef = new Scalar[maxSize];
        Scalar[] hCoef = new Scalar[maxSize];
        java.util.Arrays.fill(gCoef, Scalar.ZERO);
        java.util.Arrays.fill(hCoef, Scalar.ZERO);
        Scalar bCoef = Scalar.ZERO;
        Scalar bTildeCoef = Scalar.ZERO;
        FixedBases tab = gens.table();
        MultiScalar msm = tab != null ? new MultiScalar(tab, extra) : new MultiScalar(2 * maxSize + 2 + extra);
        boolean single = statements.size() == 1;
        for (Statement st : statements) {
            Scalar weight = single ? Scalar.ONE : Scalar.random(WEIGHTS);
            RangeParameters p = st.params();
            RangeProof pr = st.proof();
            int n = p.bits();
            int m = p.values();
            int size = p.size();
            Transcript t = RangeTranscript.start(p, st.commitments());
            t.append("A", pr.bigA).append("S", pr.bigS);
            Scalar y = t.challengeScalar("y");
            Scalar z = t.challengeScalar("z");
            t.append("T1", pr.t1).append("T2", pr.t2);
            Scalar x = t.challengeScalar("x");
            t.append("taux", pr.taux).append("mu", pr.mu).append("t_hat", pr.tHat);
            Scalar w = t.challengeScalar("w");
            Scalar[] u = pr.ipp.challenges(t);
            int rounds = u.length;
            Scalar[] inv = new Scalar[rounds + 1];
            System.arraycopy(u, 0, inv, 0, rounds);
            inv[rounds] = y;
            Scalar.batchInvert(inv);
            Scalar[] uInv = java.util.Arrays.copyOf(inv, rounds);
            Scalar yInv = inv[rounds];
            Scalar[][] ss = InnerProductProof.verificationScalars(u, uInv, size);
            Scalar c = Scalar.random(WEIGHTS);
            Scalar a = pr.ipp.a;
            Scalar b = pr.ipp.b;

            Scalar[] zz = new Scalar[m];
            zz[0] = z.square();
            for (int j = 1; j < m; j++) {
                zz[j] = zz[j - 1].mul(z);
            }
            // per k: G_k gets −w·z − w·a·s_k; H_k gets w·z + (w·z^{2+j}·2^i − w·b·s_k⁻¹)·y^{-k}
            Scalar sumY = Scalar.ZERO;
            Scalar yi = Scalar.ONE;
            Scalar yInvI = Scalar.ONE;
            Scalar wz = weight.mul(z);
            Scalar wa = weight.mul(a);
            Scalar wb = weight.mul(b);
            for (int j = 0; j < m; j++) {
                Scalar wzzTwoI = weight.mul(zz[j]);
                for (int i = 0; i < n; i++) {
                    int k = j * n + i;
                    sumY = sumY.add(yi);
                    gCoef[k] = gCoef[k].sub(wz).sub(wa.mul(ss[0][k]));
                    Scalar hk = wzzTwoI.sub(wb.mul(ss[1][k])).mul(yInvI);
                    hCoef[k] = hCoef[k].add(wz).add(hk);
                    yi = yi.mul(y);
                    yInvI = yInvI.mul(yInv);
                    wzzTwoI = wzzTwoI.add(wzzTwoI);
                }
            }
            Scalar twoNMinus1 = Scalar.ofUnsignedLong(n == 64 ? -1L : (1L << n) - 1);
            Scalar delta = z.sub(zz[0]).mul(sumY);
            for (int j = 0; j < m; j++) {
                delta = delta.sub(zz[j].mul(z).mul(twoNMinus1));
            }
            Scalar ab = a.mul(b);
            bCoef = bCoef.add(weight.mul(w.mul(pr.tHat.sub(ab)).add(c.mul(delta.sub(pr.tHat)))));
            bTildeCoef = bTildeCoef.sub(weight.mul(pr.mu.add(c.mul(pr.taux))));
            Scalar wc = weight.mul(c);
            for (int j = 0; j < m; j++) {
                msm.add(wc.mul(zz[j]), st.commitments()[j]);
            }
            msm.add(weight, pr.bigA);
            msm.add(weight.mul(x), pr.bigS);
            msm.add(wc.mul(x), pr.t1);
            msm.add(wc.mul(x.square()), pr.t2);
            for (int k = 0; k < rounds; k++) {
                msm.add(weight.mul(u[k].square()), pr.ipp.l[k]);
                msm.add(weight.mul(uInv[k].square()), pr.ipp.r[k]);
            }
        }
        if (tab != null) {
            int cap = gens.capacity();
            for (int k = 0; k < maxSize; k++) {
                msm.addFixed(k, gCoef[k]);
                msm.addFixed(cap + k, hCoef[k]);
            }
            msm.addFixed(2 * cap, bCoef);
            msm.addFixed(2 * cap + 1, bTildeCoef);
        } else {
            msm.add(gCoef, 0, gens.g(), 0, maxSize);
            msm.add(hCoef, 0, gens.h(), 0, maxSize);
            msm.add(bCoef, pg.g());
            msm.add(bTildeCoef, pg.h());
        }
        if (!msm.vartime().isIdentity()) {
            throw new VerificationFailedException(single ? "range proof does not verify"
                    : "batch of " + statements.size() + " range proofs does not verify");
        }
    }
}
