package org.veilgrid.fhe.bfv;

import java.math.BigInteger;

/**
 * 128-bit fixed-point fractions for RNS scale-and-round: a value r in [0, 1) is stored as
 * floor(r &middot; 2<sup>128</sup>) in two words, and sums of word &times; fraction products are
 * accumulated exactly in a small multi-word register.
 */
final class FixedPoint {
    private FixedPoint() {
    }

    /** floor(num / den &middot; 2^128) mod 2^128 as {hi, lo}, for 0 &le; num &lt; den. */
    static long[] fraction(BigInteger num, BigInteger den) {
        BigInteger f = num.shiftLeft(128).divide(den);
        return new long[] {f.shiftRight(64).longValue(), f.longValue()};
    }

    /** Accumulator: acc[0..1] = fraction (lo, hi), acc[2..3] = integer part (lo, hi). */
    static void addProduct(long[] acc, long x, long fracHi, long fracLo) {
        long lo = x * fracLo;
        long hi = mulHigh(x, fracLo);
        long lo2 = x * fracHi;
        long hi2 = mulHigh(x, fracHi);
        // word 0 += lo; word 1 += hi + lo2; word 2 += hi2; with carries.
        long s0 = acc[0] + lo;
        long carry = Long.compareUnsigned(s0, lo) < 0 ? 1 : 0;
        acc[0] = s0;
        long s1 = acc[1] + hi;
        long c1 = Long.compareUnsigned(s1, hi) < 0 ? 1 : 0;
        long s1b = s1 + lo2;
        c1 += Long.compareUnsigned(s1b, lo2) < 0 ? 1 : 0;
        long s1c = s1b + carry;
        c1 += Long.compareUnsigned(s1c, carry) < 0 ? 1 : 0;
        acc[1] = s1c;
        long s2 = acc[2] + hi2;
        long c2 = Long.compareUnsigned(s2, hi2) < 0 ? 1 : 0;
        long s2b = s2 + c1;
        c2 += Long.compareUnsigned(s2b, c1) < 0 ? 1 : 0;
        acc[2] = s2b;
        acc[3] += c2;
    }

    static long mulHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }
}
