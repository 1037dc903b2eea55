package org.veilgrid.zk.group;

import java.math.BigInteger;

/**
 * An element of GF(p), p = 2^255 - 19, in five 51-bit limbs (radix 2^51). Immutable.
 *
 * <p>Limb bound invariant: every value this class hands out has limbs at most 2^51 + 2^20
 * ("weakly reduced", the curve kernels' packed-point contract); {@link #toBytes()} produces the unique canonical encoding. Products of two limbs
 * are 128-bit, formed from {@code a*b} (low half) and {@link Math#multiplyHigh} (high half).
 * No method branches on or indexes memory by the value of an element, so timing does not
 * depend on secrets; selection is done with masks ({@link #select}).
 */
public final class FieldElement {
    static final long MASK51 = (1L << 51) - 1;

    /** p as a BigInteger, for constants and tests only (never on a secret path). */
    public static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));

    public static final FieldElement ZERO = new FieldElement(0, 0, 0, 0, 0);
    public static final FieldElement ONE = new FieldElement(1, 0, 0, 0, 0);

    final long l0;
    final long l1;
    final long l2;
    final long l3;
    final long l4;

    FieldElement(long l0, long l1, long l2, long l3, long l4) {
        this.l0 = l0;
        this.l1 = l1;
        this.l2 = l2;
        this.l3 = l3;
        this.l4 = l4;
    }

    /** Builds from five limbs of at most 2^51 + 2^20 each (as packed by the curve kernels). */
    public static FieldElement fromLimbs(long[] limbs, int off) {
        for (int i = 0; i < 5; i++) {
            if (limbs[off + i] < 0 || limbs[off + i] > (1L << 51) + (1L << 20)) {
                throw new IllegalArgumentException("field limb exceeds 2^51 + 2^20");
            }
        }
        return new FieldElement(limbs[off], limbs[off + 1], limbs[off + 2], limbs[off + 3], limbs[off + 4]);
    }

    /** Writes the five limbs to {@code out[off..off+5)}. */
    public void toLimbs(long[] out, int off) {
        out[off] = l0;
        out[off + 1] = l1;
        out[off + 2] = l2;
        out[off + 3] = l3;
        out[off + 4] = l4;
    }

    public static FieldElement of(long small) {
        if (small < 0 || small > MASK51) {
            throw new IllegalArgumentException("small constant out of range");
        }
        return new FieldElement(small, 0, 0, 0, 0);
    }

    /** From a non-negative integer; reduced mod p. For constants and tests. */
    public static FieldElement of(BigInteger v) {
        BigInteger r = v.mod(P);
        byte[] be = r.toByteArray();
        byte[] le = new byte[32];
        for (int i = 0; i < be.length && i < 33; i++) {
            int j = be.length - 1 - i;
            if (i < 32) {
                le[i] = be[j];
            }
        }
        return fromBytesIgnoringTopBit(le, 0);
    }

    /**
     * Decodes 32 little-endian bytes, ignoring bit 255 and accepting values in [p, 2^255)
     * (they are reduced). Callers that need a canonical encoding check it themselves.
     */
    public static FieldElement fromBytesIgnoringTopBit(byte[] b, int off) {
        long w0 = le64(b, off);
        long w1 = le64(b, off + 8);
        long w2 = le64(b, off + 16);
        long w3 = le64(b, off + 24);
        long l0 = w0 & MASK51;
        long l1 = ((w0 >>> 51) | (w1 << 13)) & MASK51;
        long l2 = ((w1 >>> 38) | (w2 << 26)) & MASK51;
        long l3 = ((w2 >>> 25) | (w3 << 39)) & MASK51;
        long l4 = (w3 >>> 12) & MASK51;
        return new FieldElement(l0, l1, l2, l3, l4);
    }

    private static long le64(byte[] b, int off) {
        long r = 0;
        for (int i = 7; i >= 0; i--) {
            r = (r << 8) | (b[off + i] & 0xFF);
        }
        return r;
    }

    /** The canonical 32-byte little-endian encoding (value fully reduced into [0, p)). */
    public byte[] toBytes() {
        byte[] out = new byte[32];
        toBytes(out, 0);
        return out;
    }

    public void toBytes(byte[] out, int off) {
        // Carry so limbs are < 2^51 (value < 2^255 + small), then subtract p if value >= p:
        // q = 1 exactly when value + 19 >= 2^255.
        long a0 = l0, a1 = l1, a2 = l2, a3 = l3, a4 = l4;
        a1 += a0 >>> 51; a0 &= MASK51;
        a2 += a1 >>> 51; a1 &= MASK51;
        a3 += a2 >>> 51; a2 &= MASK51;
        a4 += a3 >>> 51; a3 &= MASK51;
        a0 += 19 * (a4 >>> 51); a4 &= MASK51;
        a1 += a0 >>> 51; a0 &= MASK51;
        long q = (a0 + 19) >>> 51;
        q = (a1 + q) >>> 51;
        q = (a2 + q) >>> 51;
        q = (a3 + q) >>> 51;
        q = (a4 + q) >>> 51;
        a0 += 19 * q;
        a1 += a0 >>> 51; a0 &= MASK51;
        a2 += a1 >>> 51; a1 &= MASK51;
        a3 += a2 >>> 51; a2 &= MASK51;
        a4 += a3 >>> 51; a3 &= MASK51;
        a4 &= MASK51;
        long w0 = a0 | (a1 << 51);
        long w1 = (a1 >>> 13) | (a2 << 38);
        long w2 = (a2 >>> 26) | (a3 << 25);
        long w3 = (a3 >>> 39) | (a4 << 12);
        put64(out, off, w0);
        put64(out, off + 8, w1);
        put64(out, off + 16, w2);
        put64(out, off + 24, w3);
    }

    private static void put64(byte[] b, int off, long w) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (w >>> (8 * i));
        }
    }

    public BigInteger toBigInteger() {
        byte[] le = toBytes();
        byte[] be = new byte[33];
        for (int i = 0; i < 32; i++) {
            be[32 - i] = le[i];
        }
        return new BigInteger(be);
    }

    // ------------------------------------------------------------------ arithmetic

    private static FieldElement carry(long a0, long a1, long a2, long a3, long a4) {
        // Inputs below 2^63 (unsigned 2^64); outputs below 2^51 + 2^13 * 19.
        long c;
        c = a0 >>> 51; a0 &= MASK51; a1 += c;
        c = a1 >>> 51; a1 &= MASK51; a2 += c;
        c = a2 >>> 51; a2 &= MASK51; a3 += c;
        c = a3 >>> 51; a3 &= MASK51; a4 += c;
        c = a4 >>> 51; a4 &= MASK51; a0 += 19 * c;
        c = a0 >>> 51; a0 &= MASK51; a1 += c;
        return new FieldElement(a0, a1, a2, a3, a4);
    }

    public FieldElement add(FieldElement b) {
        return carry(l0 + b.l0, l1 + b.l1, l2 + b.l2, l3 + b.l3, l4 + b.l4);
    }

    // 4p in radix 2^51, so that a + 4p - b stays non-negative for limbs of b below 2^53.
    private static final long FOUR_P0 = 4 * ((1L << 51) - 19);
    private static final long FOUR_PN = 4 * ((1L << 51) - 1);

    public FieldElement sub(FieldElement b) {
        return carry(l0 + FOUR_P0 - b.l0, l1 + FOUR_PN - b.l1, l2 + FOUR_PN - b.l2,
                l3 + FOUR_PN - b.l3, l4 + FOUR_PN - b.l4);
    }

    public FieldElement negate() {
        return ZERO.sub(this);
    }

    public FieldElement mul(FieldElement b) {
        long a0 = l0, a1 = l1, a2 = l2, a3 = l3, a4 = l4;
        long b0 = b.l0, b1 = b.l1, b2 = b.l2, b3 = b.l3, b4 = b.l4;
        long b1s = 19 * b1, b2s = 19 * b2, b3s = 19 * b3, b4s = 19 * b4;
        return reduce(
                a0, b0, a1, b4s, a2, b3s, a3, b2s, a4, b1s,
                a0, b1, a1, b0, a2, b4s, a3, b3s, a4, b2s,
                a0, b2, a1, b1, a2, b0, a3, b4s, a4, b3s,
                a0, b3, a1, b2, a2, b1, a3, b0, a4, b4s,
                a0, b4, a1, b3, a2, b2, a3, b1, a4, b0);
    }

    public FieldElement square() {
        long a0 = l0, a1 = l1, a2 = l2, a3 = l3, a4 = l4;
        long d0 = 2 * a0, d1 = 2 * a1;
        long a3s = 19 * a3, a4s = 19 * a4;
        return reduce5(
                a0, a0, d1, a4s, 2 * a2, a3s, 0, 0, 0, 0,
                d0, a1, 2 * a2, a4s, a3, a3s, 0, 0, 0, 0,
                d0, a2, a1, a1, 2 * a3, a4s, 0, 0, 0, 0,
                d0, a3, d1, a2, a4, a4s, 0, 0, 0, 0,
                d0, a4, d1, a3, a2, a2, 0, 0, 0, 0);
    }

    private static FieldElement reduce5(
            long x00, long y00, long x01, long y01, long x02, long y02, long x03, long y03, long x04, long y04,
            long x10, long y10, long x11, long y11, long x12, long y12, long x13, long y13, long x14, long y14,
            long x20, long y20, long x21, long y21, long x22, long y22, long x23, long y23, long x24, long y24,
            long x30, long y30, long x31, long y31, long x32, long y32, long x33, long y33, long x34, long y34,
            long x40, long y40, long x41, long y41, long x42, long y42, long x43, long y43, long x44, long y44) {
        return reduce(x00, y00, x01, y01, x02, y02, x03, y03, x04, y04,
                x10, y10, x11, y11, x12, y12, x13, y13, x14, y14,
                x20, y20, x21, y21, x22, y22, x23, y23, x24, y24,
                x30, y30, x31, y31, x32, y32, x33, y33, x34, y34,
                x40, y40, x41, y41, x42, y42, x43, y43, x44, y44);
    }

    /*
     * Each output limb c_k is a sum of five 128-bit products x*y (< 2^110.6 for inputs below
     * 2^52 and one factor premultiplied by 19). A product is split as lo51 = low 51 bits and
     * hi = product >> 51; the five lo51 sum below 2^54 and the five hi below 2^60, so no sum
     * overflows 64 bits and c_k = hi_k * 2^51 + lo_k exactly.
     */
    private static FieldElement reduce(
            long x00, long y00, long x01, long y01, long x02, long y02, long x03, long y03, long x04, long y04,
            long x10, long y10, long x11, long y11, long x12, long y12, long x13, long y13, long x14, long y14,
            long x20, long y20, long x21, long y21, long x22, long y22, long x23, long y23, long x24, long y24,
            long x30, long y30, long x31, long y31, long x32, long y32, long x33, long y33, long x34, long y34,
            long x40, long y40, long x41, long y41, long x42, long y42, long x43, long y43, long x44, long y44) {
        long lo0 = lo(x00, y00) + lo(x01, y01) + lo(x02, y02) + lo(x03, y03) + lo(x04, y04);
        long hi0 = hi(x00, y00) + hi(x01, y01) + hi(x02, y02) + hi(x03, y03) + hi(x04, y04);
        long lo1 = lo(x10, y10) + lo(x11, y11) + lo(x12, y12) + lo(x13, y13) + lo(x14, y14);
        long hi1 = hi(x10, y10) + hi(x11, y11) + hi(x12, y12) + hi(x13, y13) + hi(x14, y14);
        long lo2 = lo(x20, y20) + lo(x21, y21) + lo(x22, y22) + lo(x23, y23) + lo(x24, y24);
        long hi2 = hi(x20, y20) + hi(x21, y21) + hi(x22, y22) + hi(x23, y23) + hi(x24, y24);
        long lo3 = lo(x30, y30) + lo(x31, y31) + lo(x32, y32) + lo(x33, y33) + lo(x34, y34);
        long hi3 = hi(x30, y30) + hi(x31, y31) + hi(x32, y32) + hi(x33, y33) + hi(x34, y34);
        long lo4 = lo(x40, y40) + lo(x41, y41) + lo(x42, y42) + lo(x43, y43) + lo(x44, y44);
        long hi4 = hi(x40, y40) + hi(x41, y41) + hi(x42, y42) + hi(x43, y43) + hi(x44, y44);
        long r0 = lo0 & MASK51;
        long c = (lo0 >>> 51) + hi0;
        long t = lo1 + c;
        long r1 = t & MASK51;
        c = (t >>> 51) + hi1;
        t = lo2 + c;
        long r2 = t & MASK51;
        c = (t >>> 51) + hi2;
        t = lo3 + c;
        long r3 = t & MASK51;
        c = (t >>> 51) + hi3;
        t = lo4 + c;
        long r4 = t & MASK51;
        c = (t >>> 51) + hi4;
        // c < 2^60; 19c < 2^64.3 could wrap, so fold it in two halves.
        long cLo = c & MASK51;
        long cHi = c >>> 51;
        t = r0 + 19 * cLo;
        r0 = t & MASK51;
        r1 += (t >>> 51) + 19 * cHi;
        c = r1 >>> 51;
        r1 &= MASK51;
        r2 += c;
        return new FieldElement(r0, r1, r2, r3, r4);
    }

    private static long lo(long x, long y) {
        return (x * y) & MASK51;
    }

    private static long hi(long x, long y) {
        return ((x * y) >>> 51) | (Math.multiplyHigh(x, y) << 13);
    }

    /** this^(2^k). */
    public FieldElement pow2k(int k) {
        FieldElement r = this;
        for (int i = 0; i < k; i++) {
            r = r.square();
        }
        return r;
    }

    /** Returns {z^(2^250 - 1), z^11}; the shared head of the inversion and square-root chains. */
    private FieldElement[] pow22501() {
        FieldElement z2 = square();
        FieldElement z9 = z2.pow2k(2).mul(this);
        FieldElement z11 = z9.mul(z2);
        FieldElement z5 = z11.square().mul(z9);            // 2^5 - 1
        FieldElement z10 = z5.pow2k(5).mul(z5);            // 2^10 - 1
        FieldElement z20 = z10.pow2k(10).mul(z10);         // 2^20 - 1
        FieldElement z40 = z20.pow2k(20).mul(z20);         // 2^40 - 1
        FieldElement z50 = z40.pow2k(10).mul(z10);         // 2^50 - 1
        FieldElement z100 = z50.pow2k(50).mul(z50);        // 2^100 - 1
        FieldElement z200 = z100.pow2k(100).mul(z100);     // 2^200 - 1
        FieldElement z250 = z200.pow2k(50).mul(z50);       // 2^250 - 1
        return new FieldElement[] {z250, z11};
    }

    /** this^(p-2), i.e. 1/this (0 maps to 0). */
    public FieldElement invert() {
        FieldElement[] t = pow22501();
        return t[0].pow2k(5).mul(t[1]);
    }

    /** this^((p-5)/8) = this^(2^252 - 3). */
    FieldElement pow22523() {
        FieldElement[] t = pow22501();
        return t[0].pow2k(2).mul(this);
    }

    // ------------------------------------------------------------------ predicates and selection

    /** 1 if the canonical encoding is odd ("negative" in RFC 9496), else 0. */
    public int isNegative() {
        return toBytes()[0] & 1;
    }

    /** 1 if zero, else 0, in constant time. */
    public int isZero() {
        byte[] b = toBytes();
        int acc = 0;
        for (byte x : b) {
            acc |= x;
        }
        return ((acc & 0xFF) - 1) >>> 31;
    }

    /** 1 if equal as field elements, else 0, in constant time. */
    public int ctEquals(FieldElement o) {
        byte[] a = toBytes();
        byte[] b = o.toBytes();
        int acc = 0;
        for (int i = 0; i < 32; i++) {
            acc |= a[i] ^ b[i];
        }
        return ((acc & 0xFF) - 1) >>> 31;
    }

    /** {@code choice == 1 ? b : a}, without a branch. choice must be 0 or 1. */
    public static FieldElement select(FieldElement a, FieldElement b, int choice) {
        long m = -(long) choice;
        return new FieldElement(a.l0 ^ (m & (a.l0 ^ b.l0)), a.l1 ^ (m & (a.l1 ^ b.l1)),
                a.l2 ^ (m & (a.l2 ^ b.l2)), a.l3 ^ (m & (a.l3 ^ b.l3)), a.l4 ^ (m & (a.l4 ^ b.l4)));
    }

    /** -this when choice is 1, this when 0. */
    public FieldElement condNegate(int choice) {
        return select(this, negate(), choice);
    }

    /** |this|: the non-negative one of ±this. */
    public FieldElement abs() {
        return condNegate(isNegative());
    }

    /**
     * RFC 9496 SQRT_RATIO_M1(u, v): returns {wasSquare (ONE or ZERO), r} where r is the
     * non-negative square root of u/v if it exists, else of SQRT_M1 * u/v.
     */
    static Object[] sqrtRatioM1(FieldElement u, FieldElement v) {
        FieldElement v3 = v.square().mul(v);
        FieldElement v7 = v3.square().mul(v);
        FieldElement r = u.mul(v3).mul(u.mul(v7).pow22523());
        FieldElement check = v.mul(r.square());
        FieldElement uNeg = u.negate();
        int correct = check.ctEquals(u);
        int flipped = check.ctEquals(uNeg);
        int flippedI = check.ctEquals(uNeg.mul(Constants.SQRT_M1));
        FieldElement rPrime = Constants.SQRT_M1.mul(r);
        r = select(r, rPrime, flipped | flippedI);
        r = r.abs();
        return new Object[] {correct | flipped, r};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldElement && ctEquals((FieldElement) o) == 1;
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(toBytes());
    }

    @Override
    public String toString() {
        return "FieldElement(..)";
    }
}
