package org.veilgrid.kernels;

/**
 * Ristretto255 encoding and decoding (RFC 9496, sections 4.3.1 and 4.3.2): the pure-Java twin of
 * ristretto.c, on {@link CurveJava}'s field arithmetic (five 51-bit limbs), with the same
 * operations in the same order, so both give the same limbs. Field elements live in one scratch
 * array, five longs each, at the offsets named below.
 *
 * <p>Constant time: no branch or array index depends on the encoding's or the point's value;
 * decoding computes its validity without branching and always writes a point.
 */
final class RistrettoCodec {

    private static final long MASK51 = (1L << 51) - 1;
    private static final long[] ZERO = {0, 0, 0, 0, 0};
    private static final long[] ONE = {1, 0, 0, 0, 0};
    /** d = −121665/121666. */
    private static final long[] D = {929955233495203L, 466365720129213L, 1662059464998953L, 2033849074728123L,
        1442794654840575L};
    /** √−1 = 2^((p−1)/4). */
    private static final long[] SQRT_M1 = {1718705420411056L, 234908883556509L, 2233514472574048L,
        2117202627021982L, 765476049583133L};
    /** 1/√(a − d) with a = −1. */
    private static final long[] INVSQRT_A_MINUS_D = {278908739862762L, 821645201101625L, 8113234426968L,
        1777959178193151L, 2118520810568447L};

    private RistrettoCodec() {
    }

    // ---------------------------------------------------------------- field helpers

    /** The 255 low bits of in[off..off+32) (bit 255 ignored) into r[ro..ro+5). */
    private static void fromBytes(long[] r, int ro, byte[] in, int off) {
        long[] w = new long[4];
        for (int i = 0; i < 4; i++) {
            long x = 0;
            for (int j = 7; j >= 0; j--) {
                x = (x << 8) | (in[off + 8 * i + j] & 0xFF);
            }
            w[i] = x;
        }
        r[ro] = w[0] & MASK51;
        r[ro + 1] = ((w[0] >>> 51) | (w[1] << 13)) & MASK51;
        r[ro + 2] = ((w[1] >>> 38) | (w[2] << 26)) & MASK51;
        r[ro + 3] = ((w[2] >>> 25) | (w[3] << 39)) & MASK51;
        r[ro + 4] = (w[3] >>> 12) & MASK51;
    }

    /** The canonical encoding of a[ao..ao+5) into out[off..off+32). */
    private static void toBytes(byte[] out, int off, long[] a, int ao) {
        long[] c = {a[ao], a[ao + 1], a[ao + 2], a[ao + 3], a[ao + 4]};
        CurveJava.canonical(c, 0);
        long[] w = {
            c[0] | (c[1] << 51),
            (c[1] >>> 13) | (c[2] << 38),
            (c[2] >>> 26) | (c[3] << 25),
            (c[3] >>> 39) | (c[4] << 12)};
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 8; j++) {
                out[off + 8 * i + j] = (byte) (w[i] >>> (8 * j));
            }
        }
    }

    /** 1 if the canonical value is odd ("negative"), else 0. */
    private static long isNegative(long[] a, int ao) {
        long[] c = {a[ao], a[ao + 1], a[ao + 2], a[ao + 3], a[ao + 4]};
        CurveJava.canonical(c, 0);
        return c[0] & 1;
    }

    /** 1 if a = 0 (mod p), else 0. */
    private static long isZero(long[] a, int ao) {
        long[] c = {a[ao], a[ao + 1], a[ao + 2], a[ao + 3], a[ao + 4]};
        CurveJava.canonical(c, 0);
        long bits = c[0] | c[1] | c[2] | c[3] | c[4];
        return ((bits | -bits) >>> 63) ^ 1;
    }

    /** 1 if a = b (mod p), else 0. */
    private static long equal(long[] a, int ao, long[] b, int bo) {
        long[] d = new long[5];
        CurveJava.sub(d, 0, a, ao, b, bo);
        return isZero(d, 0);
    }

    /** r = bit ? a : r, for bit in {0, 1}. */
    private static void cmov(long[] r, int ro, long[] a, int ao, long bit) {
        long mask = -bit;
        for (int i = 0; i < 5; i++) {
            r[ro + i] ^= mask & (r[ro + i] ^ a[ao + i]);
        }
    }

    private static void neg(long[] r, int ro, long[] a, int ao) {
        CurveJava.sub(r, ro, ZERO, 0, a, ao);
    }

    /** r = |a|: a or −a, whichever is even. */
    private static void abs(long[] r, int ro, long[] a, int ao) {
        long[] n = new long[5];
        neg(n, 0, a, ao);
        long negative = isNegative(a, ao);
        System.arraycopy(a, ao, r, ro, 5);
        cmov(r, ro, n, 0, negative);
    }

    private static void mul(long[] r, int ro, long[] a, int ao, long[] b, int bo) {
        CurveJava.mul(r, ro, a, ao, b, bo);
    }

    private static void sq(long[] r, int ro, long[] a, int ao) {
        CurveJava.sq(r, ro, a, ao);
    }

    private static void sqTimes(long[] r, int ro, long[] a, int ao, int times) {
        sq(r, ro, a, ao);
        for (int i = 1; i < times; i++) {
            sq(r, ro, r, ro);
        }
    }

    private static void copy(long[] r, int ro, long[] a, int ao) {
        System.arraycopy(a, ao, r, ro, 5);
    }

    /** r = z^((p−5)/8) = z^(2^252 − 3), the addition chain of ristretto.c. */
    private static void powP58(long[] r, int ro, long[] z, int zo) {
        long[] s = new long[5 * 12];
        int z2 = 0;
        int z9 = 5;
        int z11 = 10;
        int z5 = 15;
        int z10 = 20;
        int z20 = 25;
        int z40 = 30;
        int z50 = 35;
        int z100 = 40;
        int z200 = 45;
        int z250 = 50;
        int t = 55;
        sq(s, z2, z, zo);
        sqTimes(s, t, s, z2, 2);
        mul(s, z9, s, t, z, zo);
        mul(s, z11, s, z9, s, z2);
        sq(s, t, s, z11);
        mul(s, z5, s, t, s, z9);
        sqTimes(s, t, s, z5, 5);
        mul(s, z10, s, t, s, z5);
        sqTimes(s, t, s, z10, 10);
        mul(s, z20, s, t, s, z10);
        sqTimes(s, t, s, z20, 20);
        mul(s, z40, s, t, s, z20);
        sqTimes(s, t, s, z40, 10);
        mul(s, z50, s, t, s, z10);
        sqTimes(s, t, s, z50, 50);
        mul(s, z100, s, t, s, z50);
        sqTimes(s, t, s, z100, 100);
        mul(s, z200, s, t, s, z100);
        sqTimes(s, t, s, z200, 50);
        mul(s, z250, s, t, s, z50);
        sqTimes(s, t, s, z250, 2);
        mul(r, ro, s, t, z, zo);
    }

    /**
     * SQRT_RATIO_M1(u, v) of RFC 9496 section 4.2 into r[ro..ro+5): the non-negative √(u/v) and
     * 1 if u/v is a square, else √(i·u/v) and 0.
     */
    static long sqrtRatioM1(long[] r, int ro, long[] u, int uo, long[] v, int vo) {
        long[] s = new long[5 * 9];
        int v3 = 0;
        int v7 = 5;
        int uv3 = 10;
        int uv7 = 15;
        int p58 = 20;
        int check = 25;
        int negU = 30;
        int negUi = 35;
        int rPrime = 40;
        sq(s, v3, v, vo);
        mul(s, v3, s, v3, v, vo);
        sq(s, v7, s, v3);
        mul(s, v7, s, v7, v, vo);
        mul(s, uv3, u, uo, s, v3);
        mul(s, uv7, u, uo, s, v7);
        powP58(s, p58, s, uv7);
        mul(r, ro, s, uv3, s, p58);
        sq(s, check, r, ro);
        mul(s, check, s, check, v, vo);
        neg(s, negU, u, uo);
        mul(s, negUi, s, negU, SQRT_M1, 0);
        long correct = equal(s, check, u, uo);
        long flipped = equal(s, check, s, negU);
        long flippedI = equal(s, check, s, negUi);
        mul(s, rPrime, r, ro, SQRT_M1, 0);
        cmov(r, ro, s, rPrime, flipped | flippedI);
        abs(r, ro, r, ro);
        return correct | flipped;
    }

    // ---------------------------------------------------------------- the codec

    /** Decodes in[off..off+32) into out[0..20) (Z = 1); true if it was a canonical encoding. */
    static boolean decode(byte[] in, int off, long[] out) {
        long[] f = new long[5 * 14];
        int s = 0;
        int ss = 5;
        int u1 = 10;
        int u2 = 15;
        int u2sq = 20;
        int v = 25;
        int t = 30;
        int invsqrt = 35;
        int denX = 40;
        int denY = 45;
        int x = 50;
        int y = 55;
        int xy = 60;
        fromBytes(f, s, in, off);
        byte[] canon = new byte[32];
        toBytes(canon, 0, f, s);
        int diff = 0;
        for (int i = 0; i < 32; i++) {
            diff |= (canon[i] ^ in[off + i]) & 0xFF;
        }
        // diff also catches bit 255: a canonical encoding never has it set.
        long bad = ((diff + 0xFF) >>> 8) | isNegative(f, s);
        sq(f, ss, f, s);
        CurveJava.sub(f, u1, ONE, 0, f, ss);
        CurveJava.add(f, u2, ONE, 0, f, ss);
        sq(f, u2sq, f, u2);
        sq(f, t, f, u1);
        mul(f, t, D, 0, f, t);
        neg(f, t, f, t);
        CurveJava.sub(f, v, f, t, f, u2sq);
        mul(f, t, f, v, f, u2sq);
        long wasSquare = sqrtRatioM1(f, invsqrt, ONE, 0, f, t);
        mul(f, denX, f, invsqrt, f, u2);
        mul(f, denY, f, invsqrt, f, denX);
        mul(f, denY, f, denY, f, v);
        CurveJava.add(f, x, f, s, f, s);
        mul(f, x, f, x, f, denX);
        abs(f, x, f, x);
        mul(f, y, f, u1, f, denY);
        mul(f, xy, f, x, f, y);
        bad |= (wasSquare ^ 1) | isNegative(f, xy) | isZero(f, y);
        System.arraycopy(f, x, out, 0, 5);
        System.arraycopy(f, y, out, 5, 5);
        System.arraycopy(ONE, 0, out, 10, 5);
        System.arraycopy(f, xy, out, 15, 5);
        return bad == 0;
    }

    /** The canonical encoding of the packed point p[0..20) into out[off..off+32). */
    static void encode(long[] p, byte[] out, int off) {
        int px = 0;
        int py = 5;
        int pz = 10;
        int pt = 15;
        long[] f = new long[5 * 15];
        int u1 = 0;
        int u2 = 5;
        int t = 10;
        int invsqrt = 15;
        int den1 = 20;
        int den2 = 25;
        int zInv = 30;
        int ix0 = 35;
        int iy0 = 40;
        int enchanted = 45;
        int x = 50;
        int y = 55;
        int denInv = 60;
        int ny = 65;
        int s = 70;
        CurveJava.add(f, t, p, pz, p, py);
        CurveJava.sub(f, u1, p, pz, p, py);
        mul(f, u1, f, t, f, u1);
        mul(f, u2, p, px, p, py);
        sq(f, t, f, u2);
        mul(f, t, f, u1, f, t);
        sqrtRatioM1(f, invsqrt, ONE, 0, f, t);
        mul(f, den1, f, invsqrt, f, u1);
        mul(f, den2, f, invsqrt, f, u2);
        mul(f, zInv, f, den1, f, den2);
        mul(f, zInv, f, zInv, p, pt);
        mul(f, ix0, p, px, SQRT_M1, 0);
        mul(f, iy0, p, py, SQRT_M1, 0);
        mul(f, enchanted, f, den1, INVSQRT_A_MINUS_D, 0);
        mul(f, t, p, pt, f, zInv);
        long rotate = isNegative(f, t);
        copy(f, x, p, px);
        copy(f, y, p, py);
        copy(f, denInv, f, den2);
        cmov(f, x, f, iy0, rotate);
        cmov(f, y, f, ix0, rotate);
        cmov(f, denInv, f, enchanted, rotate);
        mul(f, t, f, x, f, zInv);
        neg(f, ny, f, y);
        cmov(f, y, f, ny, isNegative(f, t));
        CurveJava.sub(f, t, p, pz, f, y);
        mul(f, s, f, denInv, f, t);
        abs(f, s, f, s);
        toBytes(out, off, f, s);
    }
}
