package org.veilgrid.zk.group;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import org.veilgrid.core.errors.MalformedInputException;

/**
 * An integer modulo ℓ = 2^252 + 27742317777372353535851937790883648493, the order of the
 * Ristretto255 group. Immutable; always held fully reduced in nine 29-bit limbs.
 *
 * <p>Values are held in Montgomery form x·R mod ℓ with R = 2^261, so a product is one
 * Montgomery multiplication (nine rounds of 29 bits, every partial sum below 2^63, then a
 * masked conditional subtraction of ℓ); no branch or memory index depends on a scalar's value.
 */
public final class Scalar {
    static final int LIMBS = 9;
    static final int BITS = 29;
    static final long MASK = (1L << BITS) - 1;

    /** ℓ, the group order. */
    public static final BigInteger ORDER = BigInteger.ONE.shiftLeft(252)
            .add(new BigInteger("27742317777372353535851937790883648493"));

    private static final long[] L = limbsOf(ORDER);
    // limbs of ℓ as constants for the unrolled Montgomery product (declared before ZERO and ONE,
    // whose initialisers multiply)
    private static final long L0 = L[0], L1 = L[1], L2 = L[2], L3 = L[3], L4 = L[4], L5 = L[5], L6 = L[6],
            L7 = L[7], L8 = L[8];
    /** -ℓ^{-1} mod 2^29. */
    private static final long L_PRIME = ORDER.modInverse(BigInteger.ONE.shiftLeft(BITS)).negate()
            .mod(BigInteger.ONE.shiftLeft(BITS)).longValueExact();
    private static final BigInteger R = BigInteger.ONE.shiftLeft(BITS * LIMBS);
    private static final long[] R_MOD_L = limbsOf(R.mod(ORDER));
    private static final long[] R2_MOD_L = limbsOf(R.multiply(R).mod(ORDER));
    private static final long[] R2_2_256_MOD_L = limbsOf(R.multiply(R).shiftLeft(256).mod(ORDER));
    private static final long[] PLAIN_ONE = {1, 0, 0, 0, 0, 0, 0, 0, 0};

    public static final Scalar ZERO = new Scalar(new long[LIMBS]);
    public static final Scalar ONE = ofLong(1);

    /** x·R mod ℓ (Montgomery form). */
    private final long[] v;

    private Scalar(long[] limbs) {
        this.v = limbs;
    }

    private static long[] limbsOf(BigInteger x) {
        long[] r = new long[LIMBS];
        for (int i = 0; i < LIMBS; i++) {
            r[i] = x.shiftRight(BITS * i).longValue() & MASK;
        }
        return r;
    }

    /** A non-negative long as a scalar. */
    public static Scalar ofLong(long x) {
        if (x < 0) {
            throw new IllegalArgumentException("negative value; use negate()");
        }
        return ofUnsignedLong(x);
    }

    /** A long read as an unsigned 64-bit integer. */
    public static Scalar ofUnsignedLong(long x) {
        long[] r = new long[LIMBS];
        r[0] = x & MASK;
        r[1] = (x >>> BITS) & MASK;
        r[2] = x >>> (2 * BITS);
        return new Scalar(montMul(r, R2_MOD_L));
    }

    /** x mod ℓ for any integer x. */
    public static Scalar of(BigInteger x) {
        return new Scalar(limbsOf(x.mod(ORDER).multiply(R).mod(ORDER)));
    }

    private long[] plain() {
        return montMul(v, PLAIN_ONE);
    }

    public BigInteger toBigInteger() {
        long[] p = plain();
        BigInteger r = BigInteger.ZERO;
        for (int i = LIMBS - 1; i >= 0; i--) {
            r = r.shiftLeft(BITS).or(BigInteger.valueOf(p[i]));
        }
        return r;
    }

    /** A uniformly random scalar (64 random bytes reduced mod ℓ). */
    public static Scalar random(SecureRandom rng) {
        byte[] wide = new byte[64];
        rng.nextBytes(wide);
        return fromBytesWide(wide);
    }

    // ------------------------------------------------------------------ encodings

    private static long le64(byte[] b, int off) {
        long r = 0;
        for (int i = 7; i >= 0; i--) {
            r = (r << 8) | (b[off + i] & 0xFF);
        }
        return r;
    }

    /** 256 little-endian bits into nine 29-bit limbs. */
    private static long[] unpack256(byte[] b, int off) {
        long w0 = le64(b, off), w1 = le64(b, off + 8), w2 = le64(b, off + 16), w3 = le64(b, off + 24);
        long[] r = new long[LIMBS];
        r[0] = w0 & MASK;
        r[1] = (w0 >>> 29) & MASK;
        r[2] = ((w0 >>> 58) | (w1 << 6)) & MASK;
        r[3] = (w1 >>> 23) & MASK;
        r[4] = ((w1 >>> 52) | (w2 << 12)) & MASK;
        r[5] = (w2 >>> 17) & MASK;
        r[6] = ((w2 >>> 46) | (w3 << 18)) & MASK;
        r[7] = (w3 >>> 11) & MASK;
        r[8] = w3 >>> 40;
        return r;
    }

    /**
     * Decodes the canonical 32-byte little-endian encoding.
     *
     * @throws MalformedInputException if the value is not below ℓ
     */
    public static Scalar fromCanonicalBytes(byte[] b) {
        if (b == null || b.length != 32) {
            throw new MalformedInputException("scalar", "scalar encoding must be 32 bytes");
        }
        return fromCanonicalBytes(b, 0);
    }

    public static Scalar fromCanonicalBytes(byte[] b, int off) {
        long[] x = unpack256(b, off);
        // x < 2^256 < 2^261: canonical iff subtracting ℓ borrows.
        if ((b[off + 31] & 0xE0) != 0 || subBorrow(x, L, new long[LIMBS]) == 0) {
            throw new MalformedInputException("scalar", "scalar encoding is not reduced modulo the group order");
        }
        return new Scalar(montMul(x, R2_MOD_L));
    }

    /** 32 little-endian bytes reduced mod ℓ. */
    public static Scalar fromBytesModOrder(byte[] b) {
        if (b.length != 32) {
            throw new IllegalArgumentException("need 32 bytes");
        }
        return new Scalar(montMul(unpack256(b, 0), R2_MOD_L));
    }

    /** 64 little-endian bytes reduced mod ℓ (for hash outputs: bias below 2^-250). */
    public static Scalar fromBytesWide(byte[] b) {
        if (b.length != 64) {
            throw new IllegalArgumentException("need 64 bytes");
        }
        long[] lo = montMul(unpack256(b, 0), R2_MOD_L);
        long[] hi = montMul(unpack256(b, 32), R2_2_256_MOD_L);
        return new Scalar(lo).add(new Scalar(hi));
    }

    /** The canonical 32-byte little-endian encoding. */
    public byte[] toBytes() {
        byte[] out = new byte[32];
        toBytes(out, 0);
        return out;
    }

    public void toBytes(byte[] out, int off) {
        long[] v = plain();
        long w0 = v[0] | (v[1] << 29) | (v[2] << 58);
        long w1 = (v[2] >>> 6) | (v[3] << 23) | (v[4] << 52);
        long w2 = (v[4] >>> 12) | (v[5] << 17) | (v[6] << 46);
        long w3 = (v[6] >>> 18) | (v[7] << 11) | (v[8] << 40);
        long[] w = {w0, w1, w2, w3};
        for (int i = 0; i < 32; i++) {
            out[off + i] = (byte) (w[i >>> 3] >>> (8 * (i & 7)));
        }
    }

    // ------------------------------------------------------------------ arithmetic

    /** r = a - b over limbs; returns the final borrow (1 if a < b). */
    private static long subBorrow(long[] a, long[] b, long[] r) {
        long borrow = 0;
        for (int i = 0; i < LIMBS; i++) {
            long d = a[i] - b[i] - borrow;
            borrow = (d >>> 63);
            r[i] = d & MASK;
        }
        return borrow;
    }

    /** x - ℓ if x ≥ ℓ, else x; x < 2ℓ. Masked, no branch. */
    private static long[] condSubL(long[] x) {
        long[] d = new long[LIMBS];
        long borrow = subBorrow(x, L, d);
        long keep = -borrow; // all ones when x < ℓ
        for (int i = 0; i < LIMBS; i++) {
            d[i] = (x[i] & keep) | (d[i] & ~keep);
        }
        return d;
    }

    public Scalar add(Scalar o) {
        long[] s = new long[LIMBS];
        long c = 0;
        for (int i = 0; i < LIMBS; i++) {
            long t = v[i] + o.v[i] + c;
            s[i] = t & MASK;
            c = t >>> BITS;
        }
        return new Scalar(condSubL(s));
    }

    public Scalar sub(Scalar o) {
        long[] d = new long[LIMBS];
        long borrow = subBorrow(v, o.v, d);
        // add ℓ back when it borrowed
        long m = -borrow;
        long c = 0;
        for (int i = 0; i < LIMBS; i++) {
            long t = d[i] + (L[i] & m) + c;
            d[i] = t & MASK;
            c = t >>> BITS;
        }
        return new Scalar(d);
    }

    public Scalar negate() {
        return ZERO.sub(this);
    }

    /**
     * Montgomery product a·b/R mod ℓ, for a·b/R + ℓ below 2ℓ (one factor below ℓ, the other below
     * 2^256 in every use here). Unrolled over locals: every partial sum stays below 2^60.
     */
    private static long[] montMul(long[] a, long[] b) {
        long b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3], b4 = b[4], b5 = b[5], b6 = b[6], b7 = b[7], b8 = b[8];
        long t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0, t5 = 0, t6 = 0, t7 = 0, t8 = 0, t9 = 0;
        for (int i = 0; i < LIMBS; i++) {
            long ai = a[i];
            t0 += ai * b0;
            t1 += ai * b1;
            t2 += ai * b2;
            t3 += ai * b3;
            t4 += ai * b4;
            t5 += ai * b5;
            t6 += ai * b6;
            t7 += ai * b7;
            t8 += ai * b8;
            long m = ((t0 & MASK) * L_PRIME) & MASK;
            t0 += m * L0;
            t1 += m * L1;
            t2 += m * L2;
            t3 += m * L3;
            t4 += m * L4;
            t5 += m * L5;
            t6 += m * L6;
            t7 += m * L7;
            t8 += m * L8;
            long c = t0 >> BITS;
            long x;
            x = t1 + c;
            t0 = x & MASK;
            c = x >> BITS;
            x = t2 + c;
            t1 = x & MASK;
            c = x >> BITS;
            x = t3 + c;
            t2 = x & MASK;
            c = x >> BITS;
            x = t4 + c;
            t3 = x & MASK;
            c = x >> BITS;
            x = t5 + c;
            t4 = x & MASK;
            c = x >> BITS;
            x = t6 + c;
            t5 = x & MASK;
            c = x >> BITS;
            x = t7 + c;
            t6 = x & MASK;
            c = x >> BITS;
            x = t8 + c;
            t7 = x & MASK;
            c = x >> BITS;
            x = t9 + c;
            t8 = x & MASK;
            c = x >> BITS;
            t9 = c;
        }
        t8 |= t9 << BITS; // the result is below 2ℓ < 2^254: t9 is zero
        // subtract ℓ and keep the difference unless it borrowed
        long borrow = 0;
        long d0, d1, d2, d3, d4, d5, d6, d7, d8;
        d0 = t0 - L0 - borrow;
        borrow = d0 >>> 63;
        d0 &= MASK;
        d1 = t1 - L1 - borrow;
        borrow = d1 >>> 63;
        d1 &= MASK;
        d2 = t2 - L2 - borrow;
        borrow = d2 >>> 63;
        d2 &= MASK;
        d3 = t3 - L3 - borrow;
        borrow = d3 >>> 63;
        d3 &= MASK;
        d4 = t4 - L4 - borrow;
        borrow = d4 >>> 63;
        d4 &= MASK;
        d5 = t5 - L5 - borrow;
        borrow = d5 >>> 63;
        d5 &= MASK;
        d6 = t6 - L6 - borrow;
        borrow = d6 >>> 63;
        d6 &= MASK;
        d7 = t7 - L7 - borrow;
        borrow = d7 >>> 63;
        d7 &= MASK;
        d8 = t8 - L8 - borrow;
        borrow = d8 >>> 63;
        d8 &= MASK;
        long keep = -borrow;
        return new long[] {(t0 & keep) | (d0 & ~keep), (t1 & keep) | (d1 & ~keep), (t2 & keep) | (d2 & ~keep), (t3 & keep) | (d3 & ~keep), (t4 & keep) | (d4 & ~keep), (t5 & keep) | (d5 & ~keep), (t6 & keep) | (d6 & ~keep), (t7 & keep) | (d7 & ~keep), (t8 & keep) | (d8 & ~keep)};
    }

    public Scalar mul(Scalar o) {
        return new Scalar(montMul(v, o.v));
    }

    public Scalar square() {
        return mul(this);
    }

    /** this^(ℓ-2) = 1/this; ZERO maps to ZERO. The exponent is public, so the ladder is fixed. */
    public Scalar invert() {
        // acc runs through x^e·R: montMul keeps the Montgomery domain.
        long[] acc = R_MOD_L.clone();
        for (int i = INV_EXP.bitLength() - 1; i >= 0; i--) {
            acc = montMul(acc, acc);
            if (INV_EXP.testBit(i)) {
                acc = montMul(acc, v);
            }
        }
        return new Scalar(acc);
    }

    /** Inverts every element of {@code xs} in place with one inversion (Montgomery's trick). */
    public static void batchInvert(Scalar[] xs) {
        Scalar[] prefix = new Scalar[xs.length];
        Scalar acc = ONE;
        for (int i = 0; i < xs.length; i++) {
            prefix[i] = acc;
            acc = acc.mul(xs[i]);
        }
        Scalar inv = acc.invert();
        for (int i = xs.length - 1; i >= 0; i--) {
            Scalar next = inv.mul(xs[i]);
            xs[i] = inv.mul(prefix[i]);
            inv = next;
        }
    }

    /** {@code choice == 1 ? b : a} without a branch; choice must be 0 or 1. */
    public static Scalar select(Scalar a, Scalar b, int choice) {
        long m = -(long) choice;
        long[] r = new long[LIMBS];
        for (int i = 0; i < LIMBS; i++) {
            r[i] = a.v[i] ^ (m & (a.v[i] ^ b.v[i]));
        }
        return new Scalar(r);
    }

    /** 1 if zero. */
    public boolean isZero() {
        long acc = 0;
        for (long x : v) {
            acc |= x;
        }
        return acc == 0;
    }

    /** Bit i (0 = least significant) of the canonical value. */
    public int bit(int i) {
        return (int) ((plain()[i / BITS] >>> (i % BITS)) & 1);
    }

    private static final BigInteger INV_EXP = ORDER.subtract(BigInteger.TWO);

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Scalar)) {
            return false;
        }
        long acc = 0;
        for (int i = 0; i < LIMBS; i++) {
            acc |= v[i] ^ ((Scalar) o).v[i];
        }
        return acc == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(v);
    }

    /** Never prints the value: scalars are often secrets. */
    @Override
    public String toString() {
        return "Scalar(..)";
    }
}
