package org.veilgrid.kernels;

import java.math.BigInteger;

/**
 * A word-sized modulus q with 2 &le; q &lt; 2<sup>62</sup>, and the constants that make
 * arithmetic modulo q fast (Barrett's &mu; for products, Shoup's quotients for fixed multipliers).
 *
 * <p>The bound 2<sup>62</sup> lets the NTT keep intermediate values lazily in [0, 4q) inside a
 * 64-bit word. Values passed to and returned from the scalar methods are canonical residues in
 * [0, q); the methods do not check that their inputs are reduced (that is the caller's contract,
 * as in the vector kernels).
 */
public final class Modulus {
    /** Exclusive upper bound on a modulus. */
    public static final long MAX_EXCLUSIVE = 1L << 62;

    private final long value;
    private final int bits;
    private final long barrettMu;
    /** floor((2^64 - 1) / q): a quotient estimate for reducing any 64-bit word, short by at most one. */
    private final long m64;
    /** 2^64 mod q. */
    private final long r64;
    /** The dot-product kernels' constants, made on first use (most moduli never need them). */
    private volatile long[] dotConstants;

    private Modulus(long value) {
        this.value = value;
        this.bits = 64 - Long.numberOfLeadingZeros(value);
        // At most 2^(bits+1) <= 2^63, kept as an unsigned 64-bit word (it is 2^63 for q = 2^61).
        this.barrettMu = BigInteger.ONE.shiftLeft(2 * bits).divide(BigInteger.valueOf(value)).longValue();
        this.m64 = Long.divideUnsigned(-1L, value);
        this.r64 = BigInteger.ONE.shiftLeft(64).mod(BigInteger.valueOf(value)).longValue();
    }

    /**
     * @throws KernelArgumentException if q &lt; 2 or q &ge; 2<sup>62</sup>
     */
    public static Modulus of(long q) {
        if (q < 2) {
            throw new KernelArgumentException("modulus must be at least 2, got " + q);
        }
        if (q >= MAX_EXCLUSIVE) {
            throw new KernelArgumentException("modulus must be below 2^62, got " + q
                    + " (" + (64 - Long.numberOfLeadingZeros(q)) + " bits)");
        }
        return new Modulus(q);
    }

    public long value() {
        return value;
    }

    /** Bit length of q. */
    public int bits() {
        return bits;
    }

    /** floor(2<sup>2&middot;bits</sup> / q), Barrett's constant. */
    long barrettMu() {
        return barrettMu;
    }

    long m64() {
        return m64;
    }

    long r64() {
        return r64;
    }

    /**
     * The constants of {@link Kernels#dot}'s reduction, in the order of {@code veil_dot_consts}
     * (veil_kernels.h): q, m64; 2<sup>64</sup> and 2<sup>128</sup> mod q, each with its 64-bit
     * Shoup quotient; 2<sup>52</sup> and 2<sup>104</sup> mod q, each with its 52-bit Shoup
     * quotient floor(w 2<sup>52</sup> / q); floor(2<sup>52</sup> / q); and the 64-bit Shoup
     * quotients of 2<sup>52</sup> and 2<sup>104</sup> mod q. Shared, so never written to.
     */
    long[] dotConstants() {
        long[] c = dotConstants;
        if (c == null) {
            BigInteger q = BigInteger.valueOf(value);
            long r128 = BigInteger.ONE.shiftLeft(128).mod(q).longValue();
            long r52 = BigInteger.ONE.shiftLeft(52).mod(q).longValue();
            long r104 = BigInteger.ONE.shiftLeft(104).mod(q).longValue();
            c = new long[] {
                value, m64, r64, shoup(r64), r128, shoup(r128),
                r52, shoup52(r52), r104, shoup52(r104), BigInteger.ONE.shiftLeft(52).divide(q).longValue(),
                shoup(r52), shoup(r104),
            };
            dotConstants = c;
        }
        return c;
    }

    /** floor(w 2<sup>52</sup> / q) for w &lt; q: Shoup's quotient for 52-bit (IFMA) products. */
    private long shoup52(long w) {
        return BigInteger.valueOf(w).shiftLeft(52).divide(BigInteger.valueOf(value)).longValue();
    }

    /** Any unsigned 64-bit word modulo q, branch-free (unlike {@link #reduce}, which divides). */
    long reduceWord(long x) {
        return WordMath.csub(x - WordMath.mulHigh(x, m64) * value, value);
    }

    // The scalar operations are branch-free like the vector kernels: operands may be secret.

    public long add(long a, long b) {
        return WordMath.csub(a + b, value);
    }

    public long sub(long a, long b) {
        long d = a - b;
        return d + (value & (d >> 63));
    }

    public long negate(long a) {
        return sub(0, a);
    }

    /** a &middot; b mod q for a, b in [0, q). */
    public long mul(long a, long b) {
        return WordMath.barrett(WordMath.mulHigh(a, b), a * b, value, barrettMu, bits);
    }

    /** a &middot; b + c mod q for a, b, c in [0, q). */
    public long mulAdd(long a, long b, long c) {
        long lo = a * b;
        long hi = WordMath.mulHigh(a, b);
        long sum = lo + c;
        if (Long.compareUnsigned(sum, lo) < 0) {
            hi++;
        }
        return WordMath.barrett(hi, sum, value, barrettMu, bits);
    }

    /** Reduces any non-negative long (or any unsigned 64-bit word) modulo q. */
    public long reduce(long x) {
        return Long.remainderUnsigned(x, value);
    }

    /** a<sup>e</sup> mod q for e &ge; 0, by square-and-multiply. Not constant time. */
    public long pow(long a, long e) {
        if (e < 0) {
            throw new KernelArgumentException("exponent must be non-negative, got " + e);
        }
        long result = 1 % value;
        long base = a;
        while (e != 0) {
            if ((e & 1) != 0) {
                result = mul(result, base);
            }
            base = mul(base, base);
            e >>>= 1;
        }
        return result;
    }

    /**
     * The inverse of a modulo q. Not constant time: meant for public values (roots, N, CRT
     * constants), not secrets.
     *
     * @throws KernelArgumentException if a is not invertible modulo q
     */
    public long inverse(long a) {
        // Extended Euclid on longs (every remainder and coefficient stays below q < 2^62 in
        // magnitude): evaluators call this per operation (a rescale's q_last^-1 per prime), where
        // BigInteger's version cost milliseconds until the JIT had compiled it.
        long r0 = value;
        long r1 = Math.floorMod(a, value);
        long t0 = 0;
        long t1 = 1;
        while (r1 != 0) {
            long quotient = r0 / r1;
            long r = r0 - quotient * r1;
            r0 = r1;
            r1 = r;
            long t = t0 - quotient * t1;
            t0 = t1;
            t1 = t;
        }
        if (r0 != 1) {
            throw new KernelArgumentException("value is not invertible modulo " + value);
        }
        return Math.floorMod(t0, value);
    }

    /** Shoup's precomputed quotient floor(w &middot; 2<sup>64</sup> / q) for a multiplier w &lt; q. */
    public long shoup(long w) {
        if (w < 0 || w >= value) {
            throw new KernelArgumentException("Shoup multiplier must lie in [0, q)");
        }
        // Binary long division of w * 2^64 by q, one quotient bit a step, without branches (w may
        // be secret): the remainder stays below q < 2^62, so doubling it cannot overflow. Called
        // for every scalar product's multiplier, it replaces a BigInteger division.
        long rem = w;
        long quotient = 0;
        for (int i = 0; i < 64; i++) {
            rem <<= 1;
            long d = rem - value;
            long take = ~(d >> 63); // all ones when rem >= q
            rem = (d & take) | (rem & ~take);
            quotient = (quotient << 1) | (take & 1);
        }
        return quotient;
    }

    /** w &middot; y mod q given s = {@link #shoup(long) shoup(w)}; y may be any reduced value. */
    public long mulShoup(long y, long w, long s) {
        return WordMath.csub(WordMath.mulShoupLazy(y, w, s, value), value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Modulus && ((Modulus) o).value == value;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(value);
    }

    @Override
    public String toString() {
        return "Modulus(" + value + ", " + bits + " bits)";
    }
}
