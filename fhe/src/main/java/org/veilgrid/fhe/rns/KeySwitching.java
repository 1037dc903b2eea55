package org.veilgrid.fhe.rns;

import java.util.Arrays;

import org.veilgrid.fhe.Parallelism;
import org.veilgrid.kernels.Kernels;
import org.veilgrid.kernels.Modulus;
import org.veilgrid.kernels.NttTables;

/**
 * Hybrid key switching with RNS digits and one special prime P (as in SEAL; Gentry-Halevi-Smart
 * for the special modulus, Bajard et al. / Halevi-Polyakov-Shoup for the RNS digits).
 *
 * <p>Key: for each ciphertext prime q<sub>j</sub> a pair (b<sub>j</sub>, a<sub>j</sub>) modulo
 * Q&middot;P with b<sub>j</sub> + a<sub>j</sub>&middot;s = e<sub>j</sub> + P&middot;g<sub>j</sub>&middot;s',
 * where g<sub>j</sub> is 1 modulo q<sub>j</sub> and 0 modulo the other ciphertext primes.
 *
 * <p>Switch of d (mod Q<sub>L</sub>, at a level with L primes): the digits are the residues
 * D<sub>j</sub> = [d]<sub>q<sub>j</sub></sub> &lt; q<sub>j</sub>, so &Sigma; D<sub>j</sub>g<sub>j</sub> = d
 * modulo Q<sub>L</sub>. Then (u0, u1) = &Sigma; D<sub>j</sub>&middot;(b<sub>j</sub>, a<sub>j</sub>) modulo
 * Q<sub>L</sub>&middot;P decrypts to P&middot;d&middot;s' + &Sigma; D<sub>j</sub>e<sub>j</sub>, and
 * round(u/P) (computed in RNS as (u - [u]<sub>P</sub>)/P with the rounding offset) to
 * d&middot;s' + (&Sigma; D<sub>j</sub>e<sub>j</sub>)/P + rounding: the key's noise is divided by
 * P &ge; q<sub>j</sub>, leaving a few bits. The same key serves every level: its rows for the
 * remaining primes and P are used, and g<sub>j</sub> stays a gadget for the shorter Q<sub>L</sub>.
 */
public final class KeySwitching {
    private KeySwitching() {
    }

    /**
     * A key switching from {@code from} to the secret key s, both over the key basis (the top
     * level's ciphertext primes and P) in NTT form.
     */
    public static KeySwitchKey generate(RingLevel level, Sampler sampler, RnsPoly s, RnsPoly from) {
        RnsBasis kb = level.keyBasis();
        int n = level.n();
        int k = level.primeCount();
        RnsPoly[] b = new RnsPoly[k];
        RnsPoly[] a = new RnsPoly[k];
        byte[][] seeds = new byte[k][];
        long[] term = new long[n];
        Kernels kernels = Kernels.get();
        for (int j = 0; j < k; j++) {
            seeds[j] = sampler.seed();
            a[j] = Sampler.uniform(kb, seeds[j]);
            long[] e = sampler.gaussian(n);
            RnsPoly ePoly = PolyArithmetic.fromSigned(kb, e);
            Arrays.fill(e, 0);
            PolyArithmetic.toNtt(kb, ePoly);
            b[j] = new RnsPoly(n, kb.size(), true);
            PolyArithmetic.mul(kb, a[j], s, b[j]);
            PolyArithmetic.negate(kb, b[j], b[j]);
            PolyArithmetic.add(kb, b[j], ePoly, b[j]);
            Arrays.fill(ePoly.data, 0);
            // P g_j s' is zero modulo P and every ciphertext prime but q_j, and P s' modulo q_j.
            kernels.mulScalar(kb.moduli[j], from.data, j * n, level.specialModQi(j), term, 0, n);
            kernels.add(kb.moduli[j], b[j].data, j * n, term, 0, b[j].data, j * n, n);
        }
        Arrays.fill(term, 0);
        return new KeySwitchKey(b, a, seeds);
    }

    /**
     * Adds the switch of d (coefficient form, over level's ciphertext primes) to (c0, c1) in NTT
     * form: afterwards c0 + c1&middot;s has gained d&middot;s'. {@code key} was made at the top of
     * level's chain. Works row by row of the level's primes and P: each row's digits, their NTTs
     * and the inner products with the key touch only that row, so rows run in parallel and a
     * row's vectors stay in cache across the digits.
     */
    public static void applyInto(RingLevel level, RnsPoly d, KeySwitchKey key, RnsPoly c0, RnsPoly c1, Parallelism parallelism) {
        applyInto(level, d, key, c0, c1, parallelism, null);
    }

    /** Writes row j of d's NTT form (mod q<sub>j</sub>) at dst[off..off+N), without a transform. */
    public interface NttRow {
        void write(int j, long[] dst, int off);
    }

    /**
     * As {@link #applyInto(RingLevel, RnsPoly, KeySwitchKey, RnsPoly, RnsPoly, Parallelism)},
     * for a d whose NTT form row by row is at hand ({@code dNtt}, or null): digit j's row j is
     * then that row instead of a forward NTT (a rotation has it: the permuted c1).
     */
    public static void applyInto(RingLevel level, RnsPoly d, KeySwitchKey key, RnsPoly c0, RnsPoly c1, Parallelism parallelism,
                          NttRow dNtt) {
        int n = level.n();
        int levelPrimes = level.primeCount();
        // P's row first: the division by P needs r = [u + floor(P/2)]_P (u0's at [0, N), u1's at
        // [N, 2N)) in coefficient form before any other row can finish. Then each ciphertext
        // prime's row runs start to end in one task: its digits, its inner products, and its
        // share of the division, round(u/P) = (u - (r - floor(P/2))) P^-1 mod q_i, added to c.
        // A row's u never leaves the task's small vectors, and the prime's NTT tables serve the
        // digits' transforms and the division's two while they are in cache.
        long[] r = Scratch.get().vector(Scratch.Slot.MOD_DOWN_R, 2 * n);
        switchRow(level, d, key, dNtt, levelPrimes, r);
        centreP(level, r, parallelism);
        parallelism.forEach(levelPrimes, i -> {
            long[] u = Scratch.get().vector(Scratch.Slot.SWITCH_ACC0, 2 * n);
            switchRow(level, d, key, dNtt, i, u);
            divideRowByP(level, i, r, u, 0, u, n, c0, c1);
        });
        // The work vectors hold only ciphertext data (public), so they are left as they are.
    }

    /**
     * Row i of the key basis (a level prime, or P for i = the level's prime count) of
     * u0 = &Sigma; D<sub>j</sub>b<sub>j</sub> and u1 = &Sigma; D<sub>j</sub>a<sub>j</sub>, NTT form, to
     * out[0, N) and out[N, 2N).
     */
    private static void switchRow(RingLevel level, RnsPoly d, KeySwitchKey key, NttRow dNtt, int i, long[] out) {
        Kernels kernels = Kernels.get();
        RnsBasis kb = level.keyBasis();
        int n = level.n();
        int levelPrimes = level.primeCount();
        int keyDigits = key.digits();
        int keyP = key.rows(n) - 1; // row of P in the key: after the top level's primes
        int keyRow = i == levelPrimes ? keyP : i;
        Modulus m = kb.moduli[i];
        NttTables ntt = kb.ntt.get(i);
        // This row's digits, digit j at j*N: the running thread's own vector.
        long[] digits = Scratch.get().vector(Scratch.Slot.SWITCH_DIGIT, levelPrimes * n);
        for (int j = 0; j < levelPrimes; j++) {
            // D_j = [d]_{q_j} < q_j, lifted to this row's prime.
            int dOff = j * n;
            if (i == j && dNtt != null) {
                dNtt.write(j, digits, dOff);
            } else {
                if (i == j || kb.moduli[j].value() < m.value()) {
                    // Already below this row's prime: the lift is the residue itself.
                    System.arraycopy(d.data, j * n, digits, dOff, n);
                } else {
                    kernels.reduceAdd(m, d.data, j * n, 0, digits, dOff, n);
                }
                kernels.forward(ntt, digits, dOff);
            }
        }
        // The key's rows for this prime, digits 0..L-1, lie at a stride of N: one dot
        // product per output, one reduction per element instead of one per digit.
        int keyOff = keyRow * keyDigits * n;
        kernels.dot(m, digits, 0, n, key.rowMajorB(n), keyOff, n, levelPrimes, out, 0, n);
        kernels.dot(m, digits, 0, n, key.rowMajorA(n), keyOff, n, levelPrimes, out, n, n);
    }

    /**
     * c0 += round(u0 / P) and c1 += round(u1 / P) for u0, u1 over the level's primes and P (NTT
     * form): with r = [u + floor(P/2)]<sub>P</sub>, round(u/P) = (u - (r - floor(P/2))) &middot;
     * P<sup>-1</sup> modulo each q<sub>i</sub>, exactly. Both halves of a switch go through each
     * prime's row together, so that prime's NTT tables (2N words, evicted by the key's stream
     * since their last use) are fetched once for the two transforms.
     */
    static void modDownInto(RingLevel level, long[] u0, RnsPoly c0, long[] u1, RnsPoly c1, Parallelism parallelism) {
        int n = level.n();
        int levelPrimes = level.primeCount();
        // r for u0 at [0, N), for u1 at [N, 2N).
        long[] r = Scratch.get().vector(Scratch.Slot.MOD_DOWN_R, 2 * n);
        System.arraycopy(u0, levelPrimes * n, r, 0, n);
        System.arraycopy(u1, levelPrimes * n, r, n, n);
        centreP(level, r, parallelism);
        parallelism.forEach(levelPrimes, i -> divideRowByP(level, i, r, u0, i * n, u1, i * n, c0, c1));
    }

    /**
     * r = [u + floor(P/2)]<sub>P</sub> in coefficient form, for the two halves of a switch: on
     * entry P's rows of u0 and u1 (NTT form) at [0, N) and [N, 2N).
     */
    private static void centreP(RingLevel level, long[] r, Parallelism parallelism) {
        Kernels kernels = Kernels.get();
        int n = level.n();
        Modulus p = level.specialModulus();
        NttTables pTables = level.keyBasis().ntt.get(level.primeCount());
        parallelism.forEach(2, x -> {
            kernels.inverse(pTables, r, x * n);
            kernels.reduceAdd(p, r, x * n, p.value() >>> 1, r, x * n, n);
        });
    }

    /**
     * Prime q<sub>i</sub>'s row of the division by P: c<sub>x</sub> += (u<sub>x</sub> &minus;
     * (r<sub>x</sub> &minus; floor(P/2))) &middot; P<sup>&minus;1</sup> for both halves x, with
     * u<sub>x</sub>'s row i at {@code u0[u0Off..]} and {@code u1[u1Off..]} (NTT form). The key
     * basis's copy of q<sub>i</sub>'s NTT tables: the ones the key switch's digits just used.
     */
    private static void divideRowByP(RingLevel level, int i, long[] r, long[] u0, int u0Off, long[] u1, int u1Off,
            RnsPoly c0, RnsPoly c1) {
        Kernels kernels = Kernels.get();
        int n = level.n();
        long[] lifted = Scratch.get().vector(Scratch.Slot.MOD_DOWN_LIFTED, n);
        Modulus q = level.modulus(i);
        NttTables tables = level.keyBasis().ntt.get(i);
        long minusHalf = level.minusHalfSpecialModQi(i);
        long pInv = level.specialInvModQi(i);
        for (int x = 0; x < 2; x++) {
            kernels.reduceAdd(q, r, x * n, minusHalf, lifted, 0, n);
            kernels.forward(tables, lifted, 0);
            // c += (u - lifted) P^-1: one pass.
            kernels.subMulScalarAdd(q, x == 0 ? u0 : u1, x == 0 ? u0Off : u1Off, lifted, 0, pInv,
                    (x == 0 ? c0 : c1).data, i * n, n);
        }
    }
}
