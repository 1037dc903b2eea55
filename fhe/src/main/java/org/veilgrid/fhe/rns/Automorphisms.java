package org.veilgrid.fhe.rns;

import org.veilgrid.fhe.Parallelism;
import org.veilgrid.kernels.Kernels;
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
}
