package org.veilgrid.zk.bulletproofs;

import java.security.SecureRandom;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.zk.commit.PedersenGens;
import org.veilgrid.zk.group.MultiScalar;
import org.veilgrid.zk.group.RistrettoPoint;
import org.veilgrid.zk.group.Scalar;

/**
 * One party of an aggregated range proof: holds value v_j and blinding γ_j and proves
 * v_j ∈ [0, 2^n) using the generator slice G_{jn..jn+n−1}, H_{jn..jn+n−1}. Three rounds:
 * {@link #commitBits}, {@link #commitPoly}, {@link #share}. Every commitment to secret data
 * (A_j by masked selects, S_j, T1_j, T2_j) is constant-time. One use only.
 */
public final class Party {
    private final int j;
    private final int n;
    private final long value;
    private final Scalar gamma;
    private final BulletproofGens gens;
    private final SecureRandom rng;
    private final PedersenGens pg = PedersenGens.standard();
    private Scalar alpha;
    private Scalar rho;
    private Scalar[] aL;
    private Scalar[] aR;
    private Scalar[] sL;
    private Scalar[] sR;
    private Scalar tau1;
    private Scalar tau2;
    private Scalar[] l0;
    private Scalar[] r0;
    private Scalar[] r1;
    private Scalar zzj;
    private int round;

    /**
     * @param index the party's position j (its generator slice)
     * @throws ParameterException if the value does not fit in {@code bits} bits
     */
    public Party(int index, int bits, long value, Scalar blinding, BulletproofGens gens, SecureRandom rng) {
        if (bits < 64 && (value >>> bits) != 0) {
            throw new ParameterException("a value does not fit in " + bits + " bits");
        }
        if (gens.capacity() < (index + 1) * bits) {
            throw new ParameterException("generators too few for party " + index);
        }
        this.j = index;
        this.n = bits;
        this.value = value;
        this.gamma = blinding;
        this.gens = gens;
        this.rng = rng;
    }

    private void step(int expected) {
        if (round != expected) {
            throw new IllegalStateException("party rounds must run in order, once");
        }
        round++;
    }

    /** Round 1: V_j, A_j, S_j. */
    public Messages.BitCommitment commitBits() {
        step(0);
        int off = j * n;
        aL = new Scalar[n];
        aR = new Scalar[n];
        alpha = Scalar.random(rng);
        // a_L ∈ {0,1}, a_R = a_L − 1 ∈ {0,−1}: ⟨a_L, G⟩ + ⟨a_R, H⟩ = Σ_i (bit_i ? G_i : −H_i)
        RistrettoPoint a = pg.h().mul(alpha);
        for (int i = 0; i < n; i++) {
            int bit = (int) ((value >>> i) & 1);
            aL[i] = Scalar.ofLong(bit);
            aR[i] = aL[i].sub(Scalar.ONE);
            a = a.add(RistrettoPoint.select(gens.h(off + i).negate(), gens.g(off + i), bit));
        }
        sL = new Scalar[n];
        sR = new Scalar[n];
        for (int i = 0; i < n; i++) {
            sL[i] = Scalar.random(rng);
            sR[i] = Scalar.random(rng);
        }
        rho = Scalar.random(rng);
        RistrettoPoint s = new MultiScalar(2 * n + 1).add(rho, pg.h()).add(sL, 0, gens.g(), off, n)
                .add(sR, 0, gens.h(), off, n).constantTime();
        return new Messages.BitCommitment(j, pg.commit(Scalar.ofUnsignedLong(value), gamma), a, s);
    }

    /** Round 2: T1_j, T2_j for challenges y, z. */
    public Messages.PolyCommitment commitPoly(Messages.BitChallenge c) {
        step(1);
        Scalar y = c.y();
        Scalar z = c.z();
        zzj = z.square();
        for (int k = 0; k < j; k++) {
            zzj = zzj.mul(z);
        }
        Scalar yi = Scalar.ONE;
        for (int k = 0; k < j * n; k++) {
            yi = yi.mul(y);
        }
        l0 = new Scalar[n];
        r0 = new Scalar[n];
        r1 = new Scalar[n];
        Scalar twoI = zzj;
        Scalar t1 = Scalar.ZERO;
        Scalar t2 = Scalar.ZERO;
        for (int i = 0; i < n; i++) {
            l0[i] = aL[i].sub(z);
            r0[i] = yi.mul(aR[i].add(z)).add(twoI);
            r1[i] = yi.mul(sR[i]);
            t1 = t1.add(l0[i].mul(r1[i])).add(sL[i].mul(r0[i]));
            t2 = t2.add(sL[i].mul(r1[i]));
            yi = yi.mul(y);
            twoI = twoI.add(twoI);
        }
        tau1 = Scalar.random(rng);
        tau2 = Scalar.random(rng);
        return new Messages.PolyCommitment(j, pg.commit(t1, tau1), pg.commit(t2, tau2));
    }

    /** Round 3: the party's share for challenge x. */
    public Messages.ProofShare share(Messages.PolyChallenge c) {
        step(2);
        Scalar x = c.x();
        Scalar taux = tau1.mul(x).add(tau2.mul(x.square())).add(zzj.mul(gamma));
        Scalar mu = alpha.add(rho.mul(x));
        Scalar[] l = new Scalar[n];
        Scalar[] r = new Scalar[n];
        Scalar tHat = Scalar.ZERO;
        for (int i = 0; i < n; i++) {
            l[i] = l0[i].add(sL[i].mul(x));
            r[i] = r0[i].add(r1[i].mul(x));
            tHat = tHat.add(l[i].mul(r[i]));
        }
        return new Messages.ProofShare(j, taux, mu, tHat, l, r);
    }
}
