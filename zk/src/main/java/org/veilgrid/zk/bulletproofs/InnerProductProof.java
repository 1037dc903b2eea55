package org.veilgrid.zk.bulletproofs;

import org.veilgrid.zk.group.FixedBases;
import org.veilgrid.zk.group.MultiScalar;
import org.veilgrid.zk.group.RistrettoPoint;
import org.veilgrid.zk.group.Scalar;
import org.veilgrid.zk.transcript.Transcript;

/**
 * The inner-product argument (Bünz et al. 2018, protocol 2, with the Fiat–Shamir transcript):
 * for P = ⟨a, G⟩ + ⟨b, H'⟩ + ⟨a, b⟩·Q, log2(N) rounds each send L, R and halve the vectors:
 * a' = u·a_lo + u⁻¹·a_hi, b' = u⁻¹·b_lo + u·b_hi, G' = u⁻¹·G_lo + u·G_hi, H' = u·H_lo + u⁻¹·H_hi;
 * at the end the scalars a, b are sent.
 *
 * <p>The prover never forms the folded generators: it keeps, for every original generator, the
 * product of the u^{±1} factors applied so far (and the y^{-i} of H'), so each L and R is one
 * MSM over original generators. The verifier never folds either: {@link #verificationScalars}
 * returns the s_i = Π u_k^{±1} so the whole check joins the range proof's single MSM.
 *
 * <p>Variable-time MSMs are used here: the vectors l, r entering the argument are blinded by
 * the random s_L, s_R and the range proof stays zero-knowledge even if they were revealed
 * (the paper's protocol 1 sends them in the clear).
 */
public final class InnerProductProof {
    final RistrettoPoint[] l;
    final RistrettoPoint[] r;
    final Scalar a;
    final Scalar b;

    InnerProductProof(RistrettoPoint[] l, RistrettoPoint[] r, Scalar a, Scalar b) {
        this.l = l;
        this.r = r;
        this.a = a;
        this.b = b;
    }

    /**
     * @param q        the point Q (= w·B)
     * @param hFactors per-original-H factor (y^{-i}), so that H'_i = hFactors[i]·H_i
     */
    static InnerProductProof prove(Transcript t, BulletproofGens gens, RistrettoPoint q, Scalar[] hFactors,
                                   Scalar[] aIn, Scalar[] bIn) {
        int n = aIn.length;
        int rounds = Integer.numberOfTrailingZeros(n);
        Scalar[] a = aIn.clone();
        Scalar[] b = bIn.clone();
        Scalar[] gc = new Scalar[n];
        Scalar[] hc = hFactors.clone();
        java.util.Arrays.fill(gc, Scalar.ONE);
        RistrettoPoint[] ls = new RistrettoPoint[rounds];
        RistrettoPoint[] rs = new RistrettoPoint[rounds];
        int cur = n;
        for (int k = 0; k < rounds; k++) {
            int half = cur / 2;
            Scalar cL = Scalar.ZERO;
            Scalar cR = Scalar.ZERO;
            for (int i = 0; i < half; i++) {
                cL = cL.add(a[i].mul(b[half + i]));
                cR = cR.add(a[half + i].mul(b[i]));
            }
            // L = <a_lo, G'_hi> + <b_hi, H'_lo> + cL·Q ; R = <a_hi, G'_lo> + <b_lo, H'_hi> + cR·Q,
            // written over the original generators (each belongs to one current generator).
            FixedBases tab = gens.table();
            int cap = gens.capacity();
            MultiScalar msmL = tab != null ? new MultiScalar(tab, 1) : new MultiScalar(n + 1);
            MultiScalar msmR = tab != null ? new MultiScalar(tab, 1) : new MultiScalar(n + 1);
            for (int i = 0; i < n; i++) {
                int idx = i % cur;
                Scalar sg;
                Scalar sh;
                if (idx >= half) {
                    sg = a[idx - half].mul(gc[i]);
                    sh = b[idx - half].mul(hc[i]);
                } else {
                    sh = b[idx + half].mul(hc[i]);
                    sg = a[idx + half].mul(gc[i]);
                }
                // L takes G_i of the high half and H_i of the low half; R the opposite
                MultiScalar toG = idx >= half ? msmL : msmR;
                MultiScalar toH = idx >= half ? msmR : msmL;
                if (tab != null) {
                    toG.addFixed(i, sg);
                    toH.addFixed(cap + i, sh);
                } else {
                    toG.add(sg, gens.g(), i);
                    toH.add(sh, gens.h(), i);
                }
            }
            RistrettoPoint bigL = msmL.add(cL, q).vartime();
            RistrettoPoint bigR = msmR.add(cR, q).vartime();
            ls[k] = bigL;
            rs[k] = bigR;
            t.append("L", bigL);
            t.append("R", bigR);
            Scalar u = t.challengeScalar("u");
            Scalar uInv = u.invert();
            for (int i = 0; i < half; i++) {
                a[i] = a[i].mul(u).add(a[half + i].mul(uInv));
                b[i] = b[i].mul(uInv).add(b[half + i].mul(u));
            }
            for (int i = 0; i < n; i++) {
                boolean hi = (i % cur) >= half;
                gc[i] = gc[i].mul(hi ? u : uInv);
                hc[i] = hc[i].mul(hi ? uInv : u);
            }
            cur = half;
        }
        return new InnerProductProof(ls, rs, a[0], b[0]);
    }

    /** The challenges u_k, replayed from the transcript in the prover's order. */
    Scalar[] challenges(Transcript t) {
        Scalar[] u = new Scalar[l.length];
        for (int k = 0; k < l.length; k++) {
            t.append("L", l[k]);
            t.append("R", r[k]);
            u[k] = t.challengeScalar("u");
        }
        return u;
    }

    /**
     * s_i = Π_k u_k^{+1 if bit (rounds-1-k) of i is set, else -1}, and their inverses, from the
     * challenges and their inverses: s_0 = Π u_k⁻¹, s_i = s_{i − 2^j}·u_k² for the top bit j of i.
     */
    static Scalar[][] verificationScalars(Scalar[] u, Scalar[] uInv, int n) {
        int rounds = u.length;
        Scalar[] s = new Scalar[n];
        Scalar[] sInv = new Scalar[n];
        Scalar s0 = Scalar.ONE;
        Scalar s0Inv = Scalar.ONE;
        for (int k = 0; k < rounds; k++) {
            s0 = s0.mul(uInv[k]);
            s0Inv = s0Inv.mul(u[k]);
        }
        s[0] = s0;
        sInv[0] = s0Inv;
        Scalar[] uSq = new Scalar[rounds];
        Scalar[] uInvSq = new Scalar[rounds];
        for (int k = 0; k < rounds; k++) {
            uSq[k] = u[k].square();
            uInvSq[k] = uInv[k].square();
        }
        for (int i = 1; i < n; i++) {
            int j = 31 - Integer.numberOfLeadingZeros(i);
            int k = rounds - 1 - j;
            s[i] = s[i - (1 << j)].mul(uSq[k]);
            sInv[i] = sInv[i - (1 << j)].mul(uInvSq[k]);
        }
        return new Scalar[][] {s, sInv};
    }
}
