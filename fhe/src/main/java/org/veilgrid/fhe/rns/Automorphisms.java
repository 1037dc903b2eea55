package org.veilgrid.fhe.rns;

import org.veilgrid.fhe.Parallelism;
import org.veilgrid.kernels.Kernels;
import org.veilgrid.kernels.Modulus;
import org.veilgrid.kernels.RnsNttTables;

/**
 * A Galois automorphism X &rarr; X<sup>g</sup> applied to a ciphertext (c0, c1) in NTT form,
 * with the key switch that brings it back under s: BFV's row rotations and swap, CKKS's slot
 * rotations and conjugation. c0 is permuted in NTT form (no transform); c1 goes to coefficient
 * form for the key switch's digits, except each digit's own row, which is c1's row permuted.
 * Internal to the fhe module.
 */
public final class Automorphisms {
    private Automorphisms() {
    }

    /**
     * {r0, r1} with r0 + r1&middot;s = (c0 + c1&middot;s)(X<sup>g</sup>), both in NTT form at
     * {@code level}; {@code key} switches from s(X<sup>g</sup>) to s and was made at the top.
     */
    public static RnsPoly[] apply(RingLevel level, RnsPoly c0, RnsPoly c1, long g, KeySwitchKey key, Parallelism parallelism) {
        Scratch scratch = Scratch.get();
        int n = level.n();
        int k = level.primeCount();
        RnsPoly r0 = new RnsPoly(n, k, true);
        RnsPoly coefficients = RnsPoly.over(scratch.vector(Scratch.Slot.GALOIS_C1, k * n), false);
        System.arraycopy(c1.data, 0, coefficients.data, 0, k * n);
        Kernels kernels = Kernels.get();
        RnsNttTables ntt = level.basis().ntt;
        parallelism.forEach(k + 1, x -> {
            if (x == k) {
                PolyArithmetic.automorphismNttInto(level.basis(), c0, g, r0);
            } else {
                kernels.inverse(ntt.get(x), coefficients.data, x * n);
            }
        });
        RnsPoly permuted = RnsPoly.over(scratch.vector(Scratch.Slot.GALOIS_R1, k * n), false);
        PolyArithmetic.automorphismInto(level.basis(), coefficients, g, permuted);
        // (r0, permuted) decrypts under s(X^g); switch permuted from s(X^g) to s. Digit j's own
        // row is c1's row j in NTT form permuted: no transform.
        RnsPoly r1 = new RnsPoly(n, k, true);
        KeySwitching.applyInto(level, permuted, key, r0, r1, parallelism,
                (j, dst, off) -> PolyArithmetic.automorphismNttRow(n, c1.data, j * n, g, dst, off));
        return new RnsPoly[] {r0, r1};
    }

    /**
     * Several automorphisms of one ciphertext with the key switch's costly part done once
     * ("hoisting", Halevi-Shoup 2018): the digits of c1 are lifted to every row and transformed
     * once; an automorphism of a polynomial in NTT form is a permutation of its values, and the
     * digits of &phi;<sub>g</sub>(c1) may be taken as &phi;<sub>g</sub> of c1's digits (still a
     * gadget decomposition with digits below q<sub>j</sub> in magnitude), so each element then
     * costs permutations, the inner products with its key and the two divisions by P.
     *
     * @return for each element gs[t], {r0, r1} as {@link #apply} returns
     */
    public static RnsPoly[][] applyHoisted(RingLevel level, RnsPoly c0, RnsPoly c1, long[] gs, KeySwitchKey[] keys,
            Parallelism parallelism) {
        int n = level.n();
        int k = level.primeCount();
        RnsPoly[][] out = new RnsPoly[gs.length][];
        for (int t = 0; t < gs.length; t++) {
            out[t] = new RnsPoly[] {new RnsPoly(n, k, true), new RnsPoly(n, k, true)};
        }
        hoisted(level, c0, c1, gs, keys, parallelism, t -> new Target(out[t][0].data, 0, out[t][1].data, 0));
        return out;
    }

    /**
     * As {@link #applyHoisted}, writing rotation t's (r0, r1), each k rows of N in NTT form, at
     * out0[firstOffset + t&middot;stride ..] and out1[firstOffset + t&middot;stride ..]: callers
     * that combine many rotations row by row keep them in one array with a fixed stride.
     */
    public static void applyHoistedInto(RingLevel level, RnsPoly c0, RnsPoly c1, long[] gs, KeySwitchKey[] keys,
            Parallelism parallelism, long[] out0, long[] out1, int firstOffset, int stride) {
        hoisted(level, c0, c1, gs, keys, parallelism,
                t -> new Target(out0, firstOffset + t * stride, out1, firstOffset + t * stride));
    }

    /** Where rotation t goes: r0 at r0[off0..], r1 at r1[off1..], k rows of N each. */
    private record Target(long[] r0, int off0, long[] r1, int off1) {
    }

    private static void hoisted(RingLevel level, RnsPoly c0, RnsPoly c1, long[] gs, KeySwitchKey[] keys,
            Parallelism parallelism, java.util.function.IntFunction<Target> targets) {
        int n = level.n();
        int k = level.primeCount();
        int rows = k + 1;
        Kernels kernels = Kernels.get();
        RnsBasis kb = level.keyBasis();
        RnsNttTables ntt = level.basis().ntt;
        long[] coefficients = java.util.Arrays.copyOf(c1.data, k * n);
        parallelism.forEach(k, x -> kernels.inverse(ntt.get(x), coefficients, x * n));
        // digits[(j * rows + i) * n ..]: digit j = [c1]_{q_j}, lifted to row i's prime, NTT form.
        long[] digits = new long[k * rows * n];
        parallelism.forEach(rows, i -> {
            for (int j = 0; j < k; j++) {
                int off = (j * rows + i) * n;
                if (i == j) {
                    System.arraycopy(c1.data, j * n, digits, off, n);
                } else {
                    if (kb.moduli[j].value() < kb.moduli[i].value()) {
                        // The residue is already below row i's prime: its lift is itself.
                        System.arraycopy(coefficients, j * n, digits, off, n);
                    } else {
                        kernels.reduceAdd(kb.moduli[i], coefficients, j * n, 0, digits, off, n);
                    }
                    kernels.forward(kb.ntt.get(i), digits, off);
                }
            }
        });
        long[] acc0 = new long[rows * n];
        long[] acc1 = new long[rows * n];
        RnsPoly m0 = new RnsPoly(n, k, true);
        RnsPoly m1 = new RnsPoly(n, k, true);
        for (int t = 0; t < gs.length; t++) {
            long g = gs[t];
            KeySwitchKey key = keys[t];
            int keyDigits = key.digits();
            int keyP = key.rows(n) - 1;
            long[] keyB = key.rowMajorB(n);
            long[] keyA = key.rowMajorA(n);
            Target target = targets.apply(t);
            parallelism.forEach(rows, i -> {
                int off = i * n;
                int keyOff = (i == k ? keyP : i) * keyDigits * n;
                Modulus m = kb.moduli[i];
                // Row i of every permuted digit, digit j at j*N, so that the inner products
                // with the key's rows (also at a stride of N) are one dot product each.
                long[] permuted = Scratch.get().vector(Scratch.Slot.SWITCH_DIGIT, k * n);
                for (int j = 0; j < k; j++) {
                    PolyArithmetic.automorphismNttRow(n, digits, (j * rows + i) * n, g, permuted, j * n);
                }
                kernels.dot(m, permuted, 0, n, keyB, keyOff, n, k, acc0, off, n);
                kernels.dot(m, permuted, 0, n, keyA, keyOff, n, k, acc1, off, n);
                if (i < k) {
                    PolyArithmetic.automorphismNttRow(n, c0.data, off, g, m0.data, off);
                }
            });
            java.util.Arrays.fill(m1.data, 0);
            KeySwitching.modDownInto(level, acc0, m0, acc1, m1, parallelism);
            System.arraycopy(m0.data, 0, target.r0(), target.off0(), k * n);
            System.arraycopy(m1.data, 0, target.r1(), target.off1(), k * n);
        }
    }
}
