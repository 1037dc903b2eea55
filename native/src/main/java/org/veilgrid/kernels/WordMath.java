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

    /**
     * x &ge; m ? x - m : x (unsigned), without a branch: kernels run on secret data, so the
     * reduction must not depend on it through timing. Requires x &lt; m + 2<sup>63</sup> (always
     * so here: moduli are below 2<sup>62</sup> and lazy values below 4q), which makes the
     * difference negative as a signed long exactly when x &lt; m.
     */
    static long csub(long x, long m) {
        long d = x - m;
        return d + (m & (d >> 63));
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
        long r = lo - q3 * q; // in [0, 3q)
        return csub(csub(r, q), q);
    }
}
