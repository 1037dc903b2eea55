package org.veilgrid.fhe.bfv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.veilgrid.fhe.rns.PolyArithmetic;
import org.veilgrid.fhe.rns.RnsBasis;
import org.veilgrid.fhe.rns.RnsPoly;

/**
 * The automorphism X to X^g applied to NTT evaluations as a permutation equals the
 * coefficient-form automorphism between an inverse and a forward transform, for every Galois
 * element the rotations use (and a few others), on random polynomials.
 */
class GaloisNttTest {

    @Test
    void thePermutationOfEvaluationsIsTheCoefficientAutomorphism() {
        BfvContext ctx = BfvContext.create(BfvParameters.preset(BfvPreset.N4096));
        RnsBasis basis = ctx.basis();
        int n = ctx.n();
        SplittableRandom rng = new SplittableRandom(5);
        long[] elements = {3, 9, 27, 2L * n - 1, 5, 2L * n - 3, GaloisKeys.elementForStep(ctx, 1),
            GaloisKeys.elementForStep(ctx, 100), GaloisKeys.elementForStep(ctx, n / 2 - 1)};
        for (long g : elements) {
            RnsPoly coefficients = new RnsPoly(n, basis.size(), false);
            for (int i = 0; i < basis.size(); i++) {
                long q = basis.moduli[i].value();
                for (int j = 0; j < n; j++) {
                    coefficients.data[i * n + j] = rng.nextLong(q);
                }
            }
            RnsPoly expected = PolyArithmetic.automorphism(basis, coefficients, g);
            PolyArithmetic.toNtt(basis, expected);
            RnsPoly evaluations = coefficients.copy();
            PolyArithmetic.toNtt(basis, evaluations);
            RnsPoly permuted = new RnsPoly(n, basis.size(), true);
            PolyArithmetic.automorphismNttInto(basis, evaluations, g, permuted);
            assertArrayEquals(expected.data, permuted.data, "g = " + g);
        }
    }
}
