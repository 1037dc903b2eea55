package org.veilgrid.kernels;

import java.math.BigInteger;

/**
 * Plain, obviously-correct definitions that fast code is tested against. Quadratic time: for
 * tests, self-checks and small N only, never a hot path.
 */
public final class Reference {
    private Reference() {
    }

    /**
     * The product of a and b in Z<sub>q</sub>[X]/(X<sup>N</sup> + 1) by the schoolbook rule:
     * X<sup>N</sup> = -1, so a term of degree i + j &ge; N wraps around with its sign flipped.
     *
     * @param a coefficients in [0, q), lowest degree first
     * @param b coefficients in [0, q), same length as a
     * @throws KernelArgumentException if the lengths differ
     */
    public static long[] negacyclicMultiply(long[] a, long[] b, Modulus q) {
        if (a.length != b.length) {
            throw new KernelArgumentException("length mismatch: a has " + a.length + ", b has " + b.length + " coefficients");
        }
        // Exact integers, reduced once per coefficient: independent of the kernels' own
        // modular arithmetic, which is what this is meant to check.
        int n = a.length;
        BigInteger[] bb = new BigInteger[n];
        for (int j = 0; j < n; j++) {
            bb[j] = BigInteger.valueOf(b[j]);
        }
        BigInteger modulus = BigInteger.valueOf(q.value());
        long[] c = new long[n];
        for (int k = 0; k < n; k++) {
            BigInteger acc = BigInteger.ZERO;
            for (int i = 0; i < n; i++) {
                BigInteger ai = BigInteger.valueOf(a[i]);
                // X^i X^j with i + j = k adds; with i + j = k + N it subtracts (X^N = -1).
                acc = i <= k ? acc.add(ai.multiply(bb[k - i])) : acc.subtract(ai.multiply(bb[k - i + n]));
            }
            c[k] = acc.mod(modulus).longValueExact();
        }
        return c;
    }
}
