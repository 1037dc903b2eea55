package org.veilgrid.mpc.field;

import java.math.BigInteger;

import org.veilgrid.core.errors.MalformedInputException;

/**
 * Scalar arithmetic in the prime field F_p with p = 2^127 − 1, an element held as two 64-bit
 * limbs {@code (lo, hi)} with {@code hi < 2^63}.
 *
 * <p>Why this prime: it is large enough for 64-bit integers plus the 40 bits of statistical
 * masking that comparisons need (65 + 40 + a few bits of slack), and as a Mersenne prime it
 * reduces with shifts and adds instead of divisions: 2^127 ≡ 1, so a 254-bit product folds as
 * {@code low 127 bits + the rest}. Java 17 has no unsigned 64×64 high product, so the unsigned
 * high halves are derived from {@link Math#multiplyHigh} with the usual sign corrections.
 *
 * <p>Canonical form: every stored element is in [0, p); the value p itself (all 127 bits set)
 * is never stored. Packed vectors ({@link FieldVectors}) keep element {@code i} at indices
 * {@code 2i} (lo) and {@code 2i+1} (hi). The scalar helpers here write their result into such an
 * array so that hot loops allocate nothing.
 */
public final class Mersenne127 {

    /** Mask of the high limb of a canonical element: 63 bits. */
    public static final long HI_MASK = 0x7FFF_FFFF_FFFF_FFFFL;

    /** p = 2^127 − 1. */
    public static final BigInteger P = BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE);

    /** Bytes of one element on the wire: lo then hi, little-endian. */
    public static final int BYTES = 16;

    private static final BigInteger MASK64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private Mersenne127() {
    }

    /** Whether the limbs {@code (lo, hi)} form a canonical element (below p). */
    public static boolean isCanonical(long lo, long hi) {
        return hi >= 0 && !(hi == HI_MASK && lo == -1L);
    }

    /** out[o..o+1] = a + b. */
    public static void add(long a0, long a1, long b0, long b1, long[] out, int o) {
        long s0 = a0 + b0;
        long s1 = a1 + b1 + (Long.compareUnsigned(s0, a0) < 0 ? 1 : 0);
        // s < 2p < 2^128: fold bit 127 back in (2^127 ≡ 1); the result is at most p.
        long top = s1 >>> 63;
        s1 &= HI_MASK;
        s0 += top;
        if (Long.compareUnsigned(s0, top) < 0) {
            s1++;
        }
        if (s1 == HI_MASK && s0 == -1L) {
            s0 = 0;
            s1 = 0;
        }
        out[o] = s0;
        out[o + 1] = s1;
    }

    /** out[o..o+1] = a − b. */
    public static void sub(long a0, long a1, long b0, long b1, long[] out, int o) {
        // a − b = a + (p − b); p − b has limbs (~b0, HI_MASK − b1) for b in [0, p).
        add(a0, a1, ~b0, HI_MASK - b1, out, o);
    }

    /**
     * d[o..o+1] += k·v for a small public integer k (|k| &lt; 2^62; 0 and ±1 need no product);
     * {@code t} is two longs of scratch.
     */
    public static void addMultiple(long[] d, int o, long k, long v0, long v1, long[] t) {
        if (k == 0) {
            return;
        }
        if (k == 1) {
            add(d[o], d[o + 1], v0, v1, d, o);
            return;
        }
        if (k == -1) {
            sub(d[o], d[o + 1], v0, v1, d, o);
            return;
        }
        mulSmall(v0, v1, Math.abs(k), t, 0);
        if (k > 0) {
            add(d[o], d[o + 1], t[0], t[1], d, o);
        } else {
            sub(d[o], d[o + 1], t[0], t[1], d, o);
        }
    }

    /** out[o..o+1] = a · b. */
    public static void mul(long a0, long a1, long b0, long b1, long[] out, int o) {
        // a1, b1 < 2^63 are non-negative as signed longs, so only a0·b0 needs both corrections.
        long l00 = a0 * b0;
        long h00 = Math.multiplyHigh(a0, b0) + ((a0 >> 63) & b0) + ((b0 >> 63) & a0);
        long l01 = a0 * b1;
        long h01 = Math.multiplyHigh(a0, b1) + ((a0 >> 63) & b1);
        long l10 = a1 * b0;
        long h10 = Math.multiplyHigh(a1, b0) + ((b0 >> 63) & a1);
        long l11 = a1 * b1;
        long h11 = Math.multiplyHigh(a1, b1);

        // 256-bit product w3:w2:w1:w0 (it is below 2^254).
        long m = h00 + l01;
        long c1 = Long.compareUnsigned(m, h00) < 0 ? 1 : 0;
        long w1 = m + l10;
        c1 += Long.compareUnsigned(w1, m) < 0 ? 1 : 0;
        long s = h01 + h10; // each below 2^63: no overflow
        long w2 = s + l11;
        long c2 = Long.compareUnsigned(w2, s) < 0 ? 1 : 0;
        long w2c = w2 + c1;
        c2 += Long.compareUnsigned(w2c, w2) < 0 ? 1 : 0;
        long w3 = h11 + c2;

        // w mod p = (w mod 2^127) + (w >> 127), a sum below 2^128.
        long q0 = (w1 >>> 63) | (w2c << 1);
        long q1 = (w2c >>> 63) | (w3 << 1);
        long s0 = l00 + q0;
        long s1 = (w1 & HI_MASK) + q1 + (Long.compareUnsigned(s0, l00) < 0 ? 1 : 0);
        long top = s1 >>> 63;
        s1 &= HI_MASK;
        s0 += top;
        if (Long.compareUnsigned(s0, top) < 0) {
            s1++;
        }
        if (s1 == HI_MASK && s0 == -1L) {
            s0 = 0;
            s1 = 0;
        }
        out[o] = s0;
        out[o + 1] = s1;
    }

    /** out[o..o+1] = a^(2^k): k squarings (the random bits' square roots are a^(2^125)). */
    public static void squareRepeatedly(long a0, long a1, int k, long[] out, int o) {
        out[o] = a0;
        out[o + 1] = a1;
        for (int i = 0; i < k; i++) {
            mul(out[o], out[o + 1], out[o], out[o + 1], out, o);
        }
    }

    /**
     * out[o..o+1] = a · 2^k for 0 ≤ k &lt; 127: a rotation of the 127-bit value, since 2^127 ≡ 1
     * (the weights of bit decompositions, without a multiplication).
     */
    public static void mulPow2(long a0, long a1, int k, long[] out, int o) {
        long r0;
        long r1;
        if (k == 0) {
            r0 = a0;
            r1 = a1;
        } else if (k < 64) {
            // bits 0..126 rotated left by k: low part shifted up, top k bits (126..127-k) wrap to the bottom
            long wrap = (a1 >>> (63 - k)); // the k top bits of the 127-bit value
            r0 = (a0 << k) | wrap;
            r1 = ((a1 << k) | (a0 >>> (64 - k))) & HI_MASK;
        } else if (k == 64) {
            // value = a1·2^64 + a0; times 2^64: a0·2^64 + a1·2^128 ≡ a0·2^64 + a1·2 (2^127 ≡ 1)
            long t0 = a1 << 1;
            long t1 = a0 & HI_MASK;
            long carryBit = a0 >>> 63; // a0's bit 63 lands at 2^127 ≡ 1
            r0 = t0 | carryBit;
            r1 = t1;
        } else {
            mulPow2(a0, a1, 64, out, o);
            mulPow2(out[o], out[o + 1], k - 64, out, o);
            return;
        }
        if (r1 == HI_MASK && r0 == -1L) {
            r0 = 0;
            r1 = 0;
        }
        out[o] = r0;
        out[o + 1] = r1;
    }

    /**
     * out[o..o+1] = a · c for a small non-negative integer c (0 ≤ c < 2^63): two 64-bit products
     * instead of four, for the many multiplications by small public constants (Lagrange
     * coefficients of full sets, PRSS polynomial values).
     */
    public static void mulSmall(long a0, long a1, long c, long[] out, int o) {
        long l0 = a0 * c;
        long h0 = Math.multiplyHigh(a0, c) + ((a0 >> 63) & c);
        long l1 = a1 * c;
        long h1 = Math.multiplyHigh(a1, c); // a1, c < 2^63
        long w1 = h0 + l1;
        long w2 = h1 + (Long.compareUnsigned(w1, h0) < 0 ? 1 : 0);
        // value = w2:w1:l0 < 2^190; fold at bit 127.
        long q = (w1 >>> 63) | (w2 << 1);
        long s0 = l0 + q;
        long s1 = (w1 & HI_MASK) + (Long.compareUnsigned(s0, l0) < 0 ? 1 : 0);
        long top = s1 >>> 63;
        s1 &= HI_MASK;
        s0 += top;
        if (Long.compareUnsigned(s0, top) < 0) {
            s1++;
        }
        if (s1 == HI_MASK && s0 == -1L) {
            s0 = 0;
            s1 = 0;
        }
        out[o] = s0;
        out[o + 1] = s1;
    }

    /**
     * The element as a signed integer when it lies in (−2^62, 2^62) under the centred
     * representation, or {@link Long#MIN_VALUE} when it does not (so callers can pick the
     * small-constant path once, when they precompute a constant).
     */
    public static long smallValue(long lo, long hi) {
        if (hi == 0 && lo >= 0 && lo < (1L << 62)) {
            return lo;
        }
        if (hi == HI_MASK && lo < -1L && lo > -(1L << 62)) {
            return lo + 1;
        }
        return Long.MIN_VALUE;
    }

    /** out[o..o+1] = a^{-1}; a must not be zero. */
    public static void inverse(long a0, long a1, long[] out, int o) {
        if (a0 == 0 && a1 == 0) {
            throw new ArithmeticException("zero has no inverse in F_p");
        }
        // Fermat: a^(p−2), p − 2 = 2^127 − 3 = 0b111…1101 (bit 1 clear, 127 bits).
        long[] t = new long[4];
        long r0 = 1;
        long r1 = 0;
        long b0 = a0;
        long b1 = a1;
        for (int bit = 0; bit < 127; bit++) {
            if (bit != 1) {
                mul(r0, r1, b0, b1, t, 0);
                r0 = t[0];
                r1 = t[1];
            }
            mul(b0, b1, b0, b1, t, 2);
            b0 = t[2];
            b1 = t[3];
        }
        out[o] = r0;
        out[o + 1] = r1;
    }

    /** Packs a signed 64-bit integer as the field element v mod p. */
    public static void fromLong(long v, long[] out, int o) {
        if (v >= 0) {
            out[o] = v;
            out[o + 1] = 0;
        } else {
            // p + v = (2^127 − 1) − |v|: limbs (~0 + v, HI_MASK) with v negative, no borrow.
            out[o] = v - 1; // (2^64 − 1) + v as an unsigned limb
            out[o + 1] = HI_MASK;
        }
    }

    /**
     * The signed integer an element stands for, when it is in [−2^63, 2^63) under the centred
     * representation (elements above (p−1)/2 are negative).
     *
     * @throws ArithmeticException if the element is outside that range
     */
    public static long toLong(long lo, long hi) {
        if (hi == 0 && lo >= 0) {
            return lo;
        }
        if (hi == HI_MASK && (lo < -1L || lo == Long.MAX_VALUE)) {
            // p − |v|: lo = 2^64 − 1 − |v| for |v| in [1, 2^63], so v = lo + 1 − 2^64 (wrapping).
            return lo + 1;
        }
        throw new ArithmeticException("field element is outside the signed 64-bit range");
    }

    /** The element as a BigInteger in [0, p) (tests, slow paths; never a hot loop). */
    public static BigInteger toBigInteger(long lo, long hi) {
        return BigInteger.valueOf(hi).shiftLeft(64).or(BigInteger.valueOf(lo).and(MASK64));
    }

    /** Packs {@code v mod p} (any BigInteger, negative ones included). */
    public static void fromBigInteger(BigInteger v, long[] out, int o) {
        BigInteger r = v.mod(P);
        out[o] = r.longValue();
        out[o + 1] = r.shiftRight(64).longValue();
    }

    /** Throws {@link MalformedInputException} unless {@code (lo, hi)} is canonical. */
    public static void requireCanonical(long lo, long hi, String where) {
        if (!isCanonical(lo, hi)) {
            throw new MalformedInputException(where, "field element is not below p = 2^127 - 1");
        }
    }
}
