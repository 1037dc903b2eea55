package org.veilgrid.kernels;

/**
 * Unsigned 64-bit word arithmetic shared by the Java kernels: the same formulas as the C code
 * (veil_kernels.h), so the twins agree step for step.
 */
final class WordMath {
    private WordMath() {
    }

    /** High word of the unsigned 128-bit product a &middot; b. (Math.unsignedMultiplyHigh is Java 18+.) */
    static long mulHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    /** Unsigned a &ge; b. */
    static boolean geq(long a, long b) {
        return (a ^ Long.MIN_VALUE) >= (b ^ Long.MIN_VALUE);
    }

    /** Shoup: w &middot; y mod q in [0, 2q), for w_shoup = floor(w 2^64 / q) and any 64-bit y. */
    static long mulShoupLazy(long y, long w, long wShoup, long q) {
        long quot = mulHigh(wShoup, y);
        return w * y - quot * q;
    }

    /**
     * Barrett reduction of the 128-bit x = (hi, lo) &lt; q<sup>2</sup> with
     * mu = floor(2<sup>2 bits</sup> / q) (Handbook of Applied Cryptography, 14.42 with b = 2).
     */
    static long barrett(long hi, long lo, long q, long mu, int bits) {
        long q1 = (hi << (65 - bits)) | (lo >>> (bits - 1));
        long pHi = mulHigh(q1, mu);
        long pLo = q1 * mu;
        long q3 = (pHi << (63 - bits)) | (pLo >>> (bits + 1));
        long r = lo - q3 * q;
        if (geq(r, q)) {
            r -= q;
        }
        if (geq(r, q)) {
            r -= q;
        }
        return r;
    }
}
