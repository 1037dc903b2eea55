package org.veilgrid.fhe.ckks;

import java.math.BigInteger;
import org.veilgrid.kernels.Modulus;

/**
 * Residues modulo q<sub>0</sub>..q<sub>k-1</sub> to the centered integer they represent, as a
 * double, without big integers (Garner): x = a<sub>0</sub> + a<sub>1</sub>q<sub>0</sub> +
 * a<sub>2</sub>q<sub>0</sub>q<sub>1</sub> + &hellip; with digits a<sub>i</sub> &lt; q<sub>i</sub>
 * found by k(k&minus;1)/2 modular products; x &gt; Q/2 is read off the digits from the top, and
 * then Q &minus; x is formed digit by digit, so the double sum never cancels: its relative error
 * is that of a few roundings (about 2<sup>-52</sup>), whatever Q's size.
 */
final class MixedRadix {
    private final Modulus[] moduli;
    /** inverse[j][i] = q<sub>j</sub><sup>-1</sup> mod q<sub>i</sub> for j &lt; i. */
    private final long[][] inverse;
    /** The digits of (Q &minus; 1)/2. */
    private final long[] halfDigits;
    /** q<sub>0</sub>&middot;&hellip;&middot;q<sub>i-1</sub> as doubles. */
    private final double[] weight;

    MixedRadix(Modulus[] moduli) {
        int k = moduli.length;
        this.moduli = moduli.clone();
        this.inverse = new long[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < i; j++) {
                inverse[j][i] = moduli[i].inverse(moduli[j].value() % moduli[i].value());
            }
        }
        BigInteger q = BigInteger.ONE;
        this.weight = new double[k];
        for (int i = 0; i < k; i++) {
            weight[i] = q.doubleValue();
            q = q.multiply(BigInteger.valueOf(moduli[i].value()));
        }
        BigInteger half = q.subtract(BigInteger.ONE).shiftRight(1);
        this.halfDigits = new long[k];
        for (int i = 0; i < k; i++) {
            BigInteger qi = BigInteger.valueOf(moduli[i].value());
            BigInteger[] dr = half.divideAndRemainder(qi);
            halfDigits[i] = dr[1].longValueExact();
            half = dr[0];
        }
    }

    /** The centered value of coefficient j of x (k rows of n residues) as a double. */
    double centered(long[] x, int n, int j, long[] digits) {
        int k = moduli.length;
        for (int i = 0; i < k; i++) {
            Modulus qi = moduli[i];
            long t = x[i * n + j];
            for (int m = 0; m < i; m++) {
                t = qi.mul(qi.sub(t, digits[m] % qi.value()), inverse[m][i]);
            }
            digits[i] = t;
        }
        // Compare with (Q - 1)/2 from the most significant digit down.
        int cmp = 0;
        for (int i = k - 1; i >= 0 && cmp == 0; i--) {
            cmp = Long.compare(digits[i], halfDigits[i]);
        }
        if (cmp <= 0) {
            double v = 0;
            for (int i = k - 1; i >= 0; i--) {
                v += digits[i] * weight[i];
            }
            return v;
        }
        // Q - x, digit by digit with borrows (Q's digits are all zero below the top).
        double v = 0;
        long borrow = 0;
        double[] parts = new double[k];
        for (int i = 0; i < k; i++) {
            long q = moduli[i].value();
            long d = -digits[i] - borrow;
            if (d < 0) {
                d += q;
                borrow = 1;
            } else {
                borrow = 0;
            }
            parts[i] = d;
        }
        for (int i = k - 1; i >= 0; i--) {
            v += parts[i] * weight[i];
        }
        return -v;
    }
}
