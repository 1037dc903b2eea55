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

    /** The carry out of the unsigned sum a + b = sum (0 or 1), without a branch. */
    static long carry(long a, long b, long sum) {
        return ((a & b) | ((a | b) & ~sum)) >>> 63;
    }

    /**
     * acc += x &middot; f for a 64-bit x and a 128-bit fraction f = (fHi, fLo) &middot;
     * 2<sup>-128</sup>, exactly: acc[0..1] is the fraction (lo, hi), acc[2..3] the integer part.
     */
    static void addFixedProduct(long[] acc, long x, long fHi, long fLo) {
        long lo = x * fLo;
        long hi = mulHigh(x, fLo);
        long lo2 = x * fHi;
        long hi2 = mulHigh(x, fHi);
        long s0 = acc[0] + lo;
        long c0 = carry(acc[0], lo, s0);
        long s1 = acc[1] + hi;
        long c1 = carry(acc[1], hi, s1);
        long s1b = s1 + lo2;
        c1 += carry(s1, lo2, s1b);
        long s1c = s1b + c0;
        c1 += carry(s1b, c0, s1c);
        long s2 = acc[2] + hi2;
        long c2 = carry(acc[2], hi2, s2);
        long s2b = s2 + c1;
        c2 += carry(s2, c1, s2b);
        acc[0] = s0;
        acc[1] = s1c;
        acc[2] = s2b;
        acc[3] += c2;
    }
}
