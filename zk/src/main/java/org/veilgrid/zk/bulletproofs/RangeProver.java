package org.veilgrid.zk.bulletproofs;

import java.security.SecureRandom;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.zk.commit.PedersenGens;
import org.veilgrid.zk.group.MultiScalar;
import org.veilgrid.zk.group.RistrettoPoint;
import org.veilgrid.zk.group.Scalar;
import org.veilgrid.zk.transcript.Transcript;

/**
 * The prover of an aggregated range proof (Bünz et al. 2018, sections 4.1–4.3, with the
 * inner-product argument of section 3): for m values v_j with commitments
 * V_j = v_j·B + γ_j·B̃, it proves every v_j ∈ [0, 2^n).
 *
 * <pre>
 *  a_L = bits of v_0 ‖ … ‖ v_{m-1},  a_R = a_L − 1
 *  A = α·B̃ + ⟨a_L, G⟩ + ⟨a_R, H⟩,  S = ρ·B̃ + ⟨s_L, G⟩ + ⟨s_R, H⟩      → y, z
 *  l(X) = a_L − z·1 + s_L·X
 *  r(X) = y^N ∘ (a_R + z·1 + s_R·X) + Σ_j z^{2+j}·(0 ‖ 2^n ‖ 0)  (2^n in block j)
 *  t(X) = ⟨l(X), r(X)⟩ = t0 + t1·X + t2·X²;  T_i = t_i·B + τ_i·B̃       → x
 *  τ_x = τ_1·x + τ_2·x² + Σ_j z^{2+j}·γ_j,  μ = α + ρ·x,  t̂ = ⟨l(x), r(x)⟩  → w
 *  inner-product argument for l(x), r(x) over G, H' = y^{-i}·H_i, Q = w·B
 * </pre>
 * Commitments to secret vectors (A, S, T1, T2) use the constant-time MSM.
 */
public final class RangeProver {
    private RangeProver() {
    }

    /** A proof and the commitments it is about. */
    public record Output(RangeProof proof, RistrettoPoint[] commitments) {
    }

    /**
     * Proves that each value lies in [0, 2^bits); values are read as unsigned 64-bit integers.
     *
     * @param blindings γ_j, one per value
     * @throws ParameterException if a value is out of range or sizes disagree
     */
    public static Output prove(RangeParameters p, long[] values, Scalar[] blindings, SecureRandom rng) {
        int n = p.bits();
        int m = p.values();
        if (values.length != m || blindings.length != m) {
            throw new ParameterException("range proof for " + m + " values got " + values.length
                    + " values and " + blindings.length + " blindings");
        }
        for (long v : values) {
            if (n < 64 && (v >>> n) != 0) {
                throw new ParameterException("a value does not fit in " + n + " bits");
            }
        }
        int size = p.size();
        PedersenGens pg = PedersenGens.standard();
        BulletproofGens gens = BulletproofGens.forCapacity(size);
        RistrettoPoint[] commitments = new RistrettoPoint[m];
        for (int j = 0; j < m; j++) {
            commitments[j] = pg.commit(Scalar.ofUnsignedLong(values[j]), blindings[j]);
        }
        Transcript t = RangeTranscript.start(p, commitments);

        Scalar[] aL = new Scalar[size];
        Scalar[] aR = new Scalar[size];
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < n; i++) {
                aL[j * n + i] = Scalar.ofLong((values[j] >>> i) & 1);
                aR[j * n + i] = aL[j * n + i].sub(Scalar.ONE);
            }
        }
        Scalar alpha = Scalar.random(rng);
        // a_L ∈ {0,1}^N and a_R = a_L − 1 ∈ {0,−1}^N, so ⟨a_L, G⟩ + ⟨a_R, H⟩ = Σ_i (bit_i ? G_i : −H_i):
        // one masked select and one addition per bit instead of a constant-time MSM.
        RistrettoPoint bigA = pg.h().mul(alpha);
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < n; i++) {
                int k = j * n + i;
                int bit = (int) ((values[j] >>> i) & 1);
                bigA = bigA.add(RistrettoPoint.select(gens.h(k).negate(), gens.g(k), bit));
            }
        }
        Scalar[] sL = new Scalar[size];
        Scalar[] sR = new Scalar[size];
        for (int i = 0; i < size; i++) {
            sL[i] = Scalar.random(rng);
            sR[i] = Scalar.random(rng);
        }
        Scalar rho = Scalar.random(rng);
        RistrettoPoint bigS = new MultiScalar(2 * size + 1).add(rho, pg.h()).add(sL, 0, gens.g(), 0, size)
                .add(sR, 0, gens.h(), 0, size).constantTime();
        t.append("A", bigA).append("S", bigS);
        Scalar y = t.challengeScalar("y");
        Scalar z = t.challengeScalar("z");

        // l0 = a_L − z, l1 = s_L, r0 = y^i(a_R + z) + z^{2+j}2^i, r1 = y^i s_R
        Scalar[] l0 = new Scalar[size];
        Scalar[] r0 = new Scalar[size];
        Scalar[] r1 = new Scalar[size];
        Scalar[] zz = new Scalar[m];
        zz[0] = z.square();
        for (int j = 1; j < m; j++) {
            zz[j] = zz[j - 1].mul(z);
        }
        Scalar yi = Scalar.ONE;
        Scalar two = Scalar.ofLong(2);
        for (int j = 0; j < m; j++) {
            Scalar twoI = Scalar.ONE;
            for (int i = 0; i < n; i++) {
                int k = j * n + i;
                l0[k] = aL[k].sub(z);
                r0[k] = yi.mul(aR[k].add(z)).add(zz[j].mul(twoI));
                r1[k] = yi.mul(sR[k]);
                yi = yi.mul(y);
                twoI = twoI.mul(two);
            }
        }
        Scalar t1 = Scalar.ZERO;
        Scalar t2 = Scalar.ZERO;
        for (int k = 0; k < size; k++) {
            t1 = t1.add(l0[k].mul(r1[k])).add(sL[k].mul(r0[k]));
            t2 = t2.add(sL[k].mul(r1[k]));
        }
        Scalar tau1 = Scalar.random(rng);
        Scalar tau2 = Scalar.random(rng);
        RistrettoPoint bigT1 = pg.commit(t1, tau1);
        RistrettoPoint bigT2 = pg.commit(t2, tau2);
        t.append("T1", bigT1).append("T2", bigT2);
        Scalar x = t.challengeScalar("x");

        Scalar taux = tau1.mul(x).add(tau2.mul(x.square()));
        for (int j = 0; j < m; j++) {
            taux = taux.add(zz[j].mul(blindings[j]));
        }
        Scalar mu = alpha.add(rho.mul(x));
        Scalar[] l = new Scalar[size];
        Scalar[] r = new Scalar[size];
        Scalar tHat = Scalar.ZERO;
        for (int k = 0; k < size; k++) {
            l[k] = l0[k].add(sL[k].mul(x));
            r[k] = r0[k].add(r1[k].mul(x));
            tHat = tHat.add(l[k].mul(r[k]));
        }
        t.append("taux", taux).append("mu", mu).append("t_hat", tHat);
        Scalar w = t.challengeScalar("w");
        RistrettoPoint q = pg.g().mul(w);

        Scalar[] yInvPow = new Scalar[size];
        Scalar yInv = y.invert();
        yInvPow[0] = Scalar.ONE;
        for (int k = 1; k < size; k++) {
            yInvPow[k] = yInvPow[k - 1].mul(yInv);
        }
        InnerProductProof ipp = InnerProductProof.prove(t, gens, q, yInvPow, l, r);
        return new Output(new RangeProof(bigA, bigS, bigT1, bigT2, taux, mu, tHat, ipp), commitments);
    }

    /** Single-value convenience: proves v ∈ [0, 2^bits) for V = v·B + γ·B̃. */
    public static Output prove(int bits, long value, Scalar blinding, SecureRandom rng) {
        return prove(new RangeParameters(bits, 1), new long[] {value}, new Scalar[] {blinding}, rng);
    }
}
