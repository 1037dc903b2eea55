package org.veilgrid.fhe.rns;

import org.veilgrid.kernels.Kernels;
import org.veilgrid.kernels.Modulus;
import org.veilgrid.kernels.NttTables;

/**
 * Dropping the last prime of a level: a polynomial c modulo Q becomes round(c / q<sub>last</sub>)
 * modulo Q' = Q / q<sub>last</sub>, computed in RNS as (c &minus; &delta;)&middot;q<sub>last</sub><sup>-1</sup>
 * with &delta; the centered residue of c modulo q<sub>last</sub>. BFV's modulus switching and
 * CKKS's rescaling are both this map. Only the last row leaves the NTT domain: &delta; is lifted
 * to the other primes, transformed, and subtracted there. Internal to the fhe module.
 */
public final class ModulusSwitching {
    private ModulusSwitching() {
    }

    /**
     * round(a / q<sub>last</sub>) at the level without {@code level}'s last prime, in NTT form;
     * {@code a} (NTT form at {@code level}) is left as it was.
     */
    public static RnsPoly divideAndRoundByLastPrime(RingLevel level, RnsPoly a) {
        return divideAndRound(level, a)[0];
    }

    /**
     * {round(a / q<sub>last</sub>), round(b / q<sub>last</sub>)}, as two calls of {@link
     * #divideAndRoundByLastPrime(RingLevel, RnsPoly)} give them, for a ciphertext's
     * two polynomials: each prime's row of both is done together, so its NTT tables (2N words,
     * usually out of cache after a key switch) are fetched once for the two transforms.
     */
    public static RnsPoly[] divideAndRoundByLastPrime(RingLevel level, RnsPoly a, RnsPoly b) {
        return divideAndRound(level, a, b);
    }

    /** round(p / q<sub>last</sub>) for each p (NTT form at {@code level}), row by row of the primes that stay. */
    private static RnsPoly[] divideAndRound(RingLevel level, RnsPoly... polys) {
        for (RnsPoly p : polys) {
            if (!p.ntt) {
                throw new IllegalStateException("divideAndRoundByLastPrime takes NTT form");
            }
        }
        Kernels kernels = Kernels.get();
        int n = level.n();
        int count = polys.length;
        int last = level.primeCount() - 1;
        Modulus qLast = level.modulus(last);
        long half = qLast.value() >>> 1;
        // Only the last row goes to coefficient form: r = [c + floor(q/2)]_q, so the centered
        // residue is delta = r - floor(q/2) (polynomial x's at [xN, (x + 1)N)); its lift to each
        // q_i is transformed once.
        long[] r = Scratch.get().vector(Scratch.Slot.RESCALE_R, count * n);
        // The key basis's tables (the same values as any level's for a prime): a rescale after a
        // product finds the ones its key switch just used in cache.
        NttTables lastTables = level.keyBasis().ntt.get(last);
        RnsPoly[] out = new RnsPoly[count];
        for (int x = 0; x < count; x++) {
            System.arraycopy(polys[x].data, last * n, r, x * n, n);
            kernels.inverse(lastTables, r, x * n);
            kernels.reduceAdd(qLast, r, x * n, half, r, x * n, n);
            out[x] = new RnsPoly(n, last, true);
        }
        for (int i = 0; i < last; i++) {
            Modulus qi = level.modulus(i);
            NttTables tables = level.keyBasis().ntt.get(i);
            long minusHalf = Math.floorMod(-half, qi.value());
            long qLastInv = qi.inverse(qLast.value() % qi.value());
            for (int x = 0; x < count; x++) {
                long[] o = out[x].data;
                kernels.reduceAdd(qi, r, x * n, minusHalf, o, i * n, n);
                kernels.forward(tables, o, i * n);
                // (c - delta) / q_last, exactly: c - delta is a multiple of q_last.
                kernels.subMulScalar(qi, polys[x].data, i * n, o, i * n, qLastInv, o, i * n, n);
            }
        }
        return out;
    }
}
