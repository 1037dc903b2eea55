package org.veilgrid.fhe.rns;

import org.veilgrid.kernels.Modulus;

/**
 * Dropping the last prime of a level: a polynomial c modulo Q becomes round(c / q<sub>last</sub>)
 * modulo Q' = Q / q<sub>last</sub>, computed in RNS as (c &minus; &delta;)&middot;q<sub>last</sub><sup>-1</sup>
 * with &delta; the centered residue of c modulo q<sub>last</sub>. BFV's modulus switching and
 * CKKS's rescaling are both this map. Internal to the fhe module.
 */
public final class ModulusSwitching {
    private ModulusSwitching() {
    }

    /**
     * round(a / q<sub>last</sub>) at {@code next} (the level without {@code level}'s last prime),
     * in NTT form; {@code a} (NTT form at {@code level}) is left as it was.
     */
    public static RnsPoly divideAndRoundByLastPrime(RingLevel level, RingLevel next, RnsPoly a) {
        int n = level.n();
        int last = level.primeCount() - 1;
        long qLast = level.modulus(last).value();
        RnsPoly p = a.copy();
        PolyArithmetic.fromNtt(level.basis(), p);
        RnsPoly r = new RnsPoly(n, last, false);
        for (int i = 0; i < last; i++) {
            Modulus qi = level.modulus(i);
            long inv = qi.inverse(qLast % qi.value());
            for (int x = 0; x < n; x++) {
                // delta = the centered residue mod q_last; (c - delta) / q_last is round(c / q_last).
                long delta = p.data[last * n + x];
                long centered = delta - (qLast & ((qLast / 2 - delta) >> 63));
                long deltaModQi = Math.floorMod(centered, qi.value());
                r.data[i * n + x] = qi.mul(qi.sub(p.data[i * n + x], deltaModQi), inv);
            }
        }
        PolyArithmetic.toNtt(next.basis(), r);
        return r;
    }
}
