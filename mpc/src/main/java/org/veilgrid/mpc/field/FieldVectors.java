package org.veilgrid.mpc.field;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;

import org.veilgrid.core.errors.MalformedInputException;

/**
 * Arithmetic on packed vectors of F_p elements, p = 2^127 − 1: element {@code i} of a vector
 * lives at {@code v[2i]} (low limb) and {@code v[2i+1]} (high limb). No per-element objects;
 * every operation is a loop over the array, so one call handles a whole batch of secrets.
 *
 * <p>Output arrays may alias inputs (the loops read both limbs of an element before writing).
 */
public final class FieldVectors {

    private FieldVectors() {
    }

    /** A zero vector of {@code n} elements. */
    public static long[] zeros(int n) {
        return new long[2 * n];
    }

    /** Number of elements in a packed vector. */
    public static int length(long[] v) {
        return v.length >>> 1;
    }

    /** out = a + b, element-wise over {@code n} elements. */
    public static void add(long[] a, long[] b, long[] out, int n) {
        for (int i = 0, k = 0; i < n; i++, k += 2) {
            Mersenne127.add(a[k], a[k + 1], b[k], b[k + 1], out, k);
        }
    }

    /** out = a − b, element-wise. */
    public static void sub(long[] a, long[] b, long[] out, int n) {
        for (int i = 0, k = 0; i < n; i++, k += 2) {
            Mersenne127.sub(a[k], a[k + 1], b[k], b[k + 1], out, k);
        }
    }

    /** out = −a, element-wise. */
    public static void neg(long[] a, long[] out, int n) {
        for (int i = 0, k = 0; i < n; i++, k += 2) {
            Mersenne127.sub(0, 0, a[k], a[k + 1], out, k);
        }
    }

    /** out = a · b, element-wise. */
    public static void mul(long[] a, long[] b, long[] out, int n) {
        for (int i = 0, k = 0; i < n; i++, k += 2) {
            Mersenne127.mul(a[k], a[k + 1], b[k], b[k + 1], out, k);
        }
    }

    /** out = c · a for one scalar c = (c0, c1). */
    public static void mulScalar(long[] a, long c0, long c1, long[] out, int n) {
        for (int i = 0, k = 0; i < n; i++, k += 2) {
            Mersenne127.mul(a[k], a[k + 1], c0, c1, out, k);
        }
    }

    /** acc += c · a for one scalar c (the inner loop of Lagrange interpolation). */
    public static void mulScalarAdd(long[] a, long c0, long c1, long[] acc, int n) {
        long[] t = new long[2];
        for (int i = 0, k = 0; i < n; i++, k += 2) {
            Mersenne127.mul(a[k], a[k + 1], c0, c1, t, 0);
            Mersenne127.add(acc[k], acc[k + 1], t[0], t[1], acc, k);
        }
    }

    /**
     * acc += c · src[srcOffset .. srcOffset+n) (element offsets) for a constant c given both as a
     * field element (c0, c1) and as {@code small} = {@link Mersenne127#smallValue}: the cheaper
     * small-integer multiplication is used when it applies.
     */
    public static void mulConstantAdd(long[] src, int srcOffset, long c0, long c1, long small, long[] acc, int n) {
        mulConstantAdd(src, srcOffset, c0, c1, small, acc, 0, n);
    }

    /** As {@link #mulConstantAdd(long[], int, long, long, long, long[], int)}, into acc from element {@code accOffset}. */
    public static void mulConstantAdd(long[] src, int srcOffset, long c0, long c1, long small, long[] acc, int accOffset, int n) {
        long[] t = new long[2];
        int k = 2 * srcOffset;
        int q0 = 2 * accOffset;
        if (small == Long.MIN_VALUE) {
            for (int i = 0, q = q0; i < n; i++, k += 2, q += 2) {
                Mersenne127.mul(src[k], src[k + 1], c0, c1, t, 0);
                Mersenne127.add(acc[q], acc[q + 1], t[0], t[1], acc, q);
            }
        } else if (small >= 0) {
            for (int i = 0, q = q0; i < n; i++, k += 2, q += 2) {
                Mersenne127.mulSmall(src[k], src[k + 1], small, t, 0);
                Mersenne127.add(acc[q], acc[q + 1], t[0], t[1], acc, q);
            }
        } else {
            long c = -small;
            for (int i = 0, q = q0; i < n; i++, k += 2, q += 2) {
                Mersenne127.mulSmall(src[k], src[k + 1], c, t, 0);
                Mersenne127.sub(acc[q], acc[q + 1], t[0], t[1], acc, q);
            }
        }
    }

    /** Terms {@link #smallCombination} sums without a reduction in between (7 · 2^189 &lt; 2^192). */
    public static final int MAX_SMALL_TERMS = 7;

    /**
     * out[outOffset + i] = Σ_j c_j · srcs[j][srcOffsets[j] + i] ± extra[extraOffset + i] for
     * i &lt; n, with small integer constants c_j ({@link Mersenne127#smallValue}, |c_j| &lt; 2^62)
     * and at most {@link #MAX_SMALL_TERMS} terms: the positive and negative terms are each summed
     * exactly in 192 bits and reduced once per element, instead of once per product and once per
     * addition — the inner loop of degree reductions (Lagrange coefficients and PRSS polynomial
     * values of small parties' sets are such integers). {@code extra} may be null.
     */
    public static void smallCombination(long[][] srcs, int[] srcOffsets, long[] smalls, long[] extra, int extraOffset,
                                        boolean subtractExtra, long[] out, int outOffset, int n) {
        int terms = srcs.length;
        if (terms > MAX_SMALL_TERMS) {
            throw new IllegalArgumentException("at most " + MAX_SMALL_TERMS + " terms, got " + terms);
        }
        long[] mags = new long[terms];
        boolean[] negative = new boolean[terms];
        boolean hasNegative = false;
        for (int j = 0; j < terms; j++) {
            if (smalls[j] == Long.MIN_VALUE || Math.abs(smalls[j]) >= (1L << 62)) {
                throw new IllegalArgumentException("constant " + j + " is not a small integer");
            }
            negative[j] = smalls[j] < 0;
            hasNegative |= negative[j];
            mags[j] = Math.abs(smalls[j]);
        }
        long[] x = new long[2];
        for (int i = 0; i < n; i++) {
            // Positive and negative terms summed apart, each exactly, in three words (locals, so
            // that they stay in registers).
            long p0 = 0;
            long p1 = 0;
            long p2 = 0;
            long n0 = 0;
            long n1 = 0;
            long n2 = 0;
            for (int j = 0; j < terms; j++) {
                int k = 2 * (srcOffsets[j] + i);
                long[] src = srcs[j];
                long v0 = src[k];
                long v1 = src[k + 1];
                long c = mags[j];
                long lo = v0 * c;
                long h0 = Math.multiplyHigh(v0, c) + ((v0 >> 63) & c);
                long l1 = v1 * c;
                long mid = h0 + l1;
                long hi = Math.multiplyHigh(v1, c) + (Long.compareUnsigned(mid, h0) < 0 ? 1 : 0);
                if (negative[j]) {
                    long a0 = n0 + lo;
                    long c0 = Long.compareUnsigned(a0, lo) < 0 ? 1 : 0;
                    long a1 = n1 + mid;
                    long c1 = Long.compareUnsigned(a1, mid) < 0 ? 1 : 0;
                    long a1c = a1 + c0;
                    c1 += Long.compareUnsigned(a1c, a1) < 0 ? 1 : 0;
                    n0 = a0;
                    n1 = a1c;
                    n2 += hi + c1;
                } else {
                    long a0 = p0 + lo;
                    long c0 = Long.compareUnsigned(a0, lo) < 0 ? 1 : 0;
                    long a1 = p1 + mid;
                    long c1 = Long.compareUnsigned(a1, mid) < 0 ? 1 : 0;
                    long a1c = a1 + c0;
                    c1 += Long.compareUnsigned(a1c, a1) < 0 ? 1 : 0;
                    p0 = a0;
                    p1 = a1c;
                    p2 += hi + c1;
                }
            }
            int q = 2 * (outOffset + i);
            fold192(p0, p1, p2, x, 0);
            long x0 = x[0];
            long x1 = x[1];
            if (hasNegative) {
                fold192(n0, n1, n2, x, 0);
                Mersenne127.sub(x0, x1, x[0], x[1], x, 0);
                x0 = x[0];
                x1 = x[1];
            }
            if (extra == null) {
                out[q] = x0;
                out[q + 1] = x1;
            } else {
                // extra may be out itself: read before writing.
                int e = 2 * (extraOffset + i);
                if (subtractExtra) {
                    Mersenne127.sub(x0, x1, extra[e], extra[e + 1], out, q);
                } else {
                    Mersenne127.add(x0, x1, extra[e], extra[e + 1], out, q);
                }
            }
        }
    }

    /**
     * One chunk of a degree reduction's send side, in one pass: for i &lt; n,
     * rt[offset + i] = Σ_{j &lt; rtTerms} c_j·terms[j][i] (the degree-t share of a double random),
     * and masked[offset + i] = rt + Σ_{j ≥ rtTerms} c_j·terms[j][i] + left·right (its degree-2t
     * share plus the local product), the products of the factors taken from element
     * {@code factorOffset + i} (left[0..1] for every i if {@code leftScalar}). Sums are exact in
     * 192 bits (the product folded once, below 2^128) and reduced once per output; at most
     * {@link #MAX_SMALL_TERMS} terms, each constant small ({@link #smallCombination}).
     */
    public static void maskedProducts(long[][] terms, long[] smalls, int rtTerms, long[] left, long[] right, int factorOffset,
                                      boolean leftScalar, long[] rt, long[] masked, int offset, int n) {
        int count = terms.length;
        if (count > MAX_SMALL_TERMS) {
            throw new IllegalArgumentException("at most " + MAX_SMALL_TERMS + " terms, got " + count);
        }
        long[] mags = new long[count];
        boolean[] negative = new boolean[count];
        for (int j = 0; j < count; j++) {
            if (smalls[j] == Long.MIN_VALUE || Math.abs(smalls[j]) >= (1L << 62)) {
                throw new IllegalArgumentException("constant " + j + " is not a small integer");
            }
            negative[j] = smalls[j] < 0;
            mags[j] = Math.abs(smalls[j]);
        }
        long[] x = new long[2];
        for (int i = 0; i < n; i++) {
            long p0 = 0;
            long p1 = 0;
            long p2 = 0;
            long n0 = 0;
            long n1 = 0;
            long n2 = 0;
            int q = 2 * (offset + i);
            for (int j = 0; j < count; j++) {
                if (j == rtTerms) {
                    fold192(p0, p1, p2, x, 0);
                    long x0 = x[0];
                    long x1 = x[1];
                    fold192(n0, n1, n2, x, 0);
                    Mersenne127.sub(x0, x1, x[0], x[1], rt, q);
                }
                long[] src = terms[j];
                long v0 = src[2 * i];
                long v1 = src[2 * i + 1];
                long c = mags[j];
                long lo = v0 * c;
                long h0 = Math.multiplyHigh(v0, c) + ((v0 >> 63) & c);
                long l1 = v1 * c;
                long mid = h0 + l1;
                long hi = Math.multiplyHigh(v1, c) + (Long.compareUnsigned(mid, h0) < 0 ? 1 : 0);
                if (negative[j]) {
                    long a0 = n0 + lo;
                    long c0 = Long.compareUnsigned(a0, lo) < 0 ? 1 : 0;
                    long a1 = n1 + mid;
                    long c1 = Long.compareUnsigned(a1, mid) < 0 ? 1 : 0;
                    long a1c = a1 + c0;
                    c1 += Long.compareUnsigned(a1c, a1) < 0 ? 1 : 0;
                    n0 = a0;
                    n1 = a1c;
                    n2 += hi + c1;
                } else {
                    long a0 = p0 + lo;
                    long c0 = Long.compareUnsigned(a0, lo) < 0 ? 1 : 0;
                    long a1 = p1 + mid;
                    long c1 = Long.compareUnsigned(a1, mid) < 0 ? 1 : 0;
                    long a1c = a1 + c0;
                    c1 += Long.compareUnsigned(a1c, a1) < 0 ? 1 : 0;
                    p0 = a0;
                    p1 = a1c;
                    p2 += hi + c1;
                }
            }
            if (rtTerms >= count) {
                fold192(p0, p1, p2, x, 0);
                long x0 = x[0];
                long x1 = x[1];
                fold192(n0, n1, n2, x, 0);
                Mersenne127.sub(x0, x1, x[0], x[1], rt, q);
            }
            // + left·right, folded once at bit 127 (as Mersenne127.mul; a1, b1 < 2^63)
            int k = 2 * (factorOffset + i);
            int kl = leftScalar ? 0 : k;
            long a0 = left[kl];
            long a1 = left[kl + 1];
            long b0 = right[k];
            long b1 = right[k + 1];
            long l00 = a0 * b0;
            long h00 = Math.multiplyHigh(a0, b0) + ((a0 >> 63) & b0) + ((b0 >> 63) & a0);
            long l01 = a0 * b1;
            long h01 = Math.multiplyHigh(a0, b1) + ((a0 >> 63) & b1);
            long l10 = a1 * b0;
            long h10 = Math.multiplyHigh(a1, b0) + ((b0 >> 63) & a1);
            long l11 = a1 * b1;
            long h11 = Math.multiplyHigh(a1, b1);
            long m = h00 + l01;
            long cm = Long.compareUnsigned(m, h00) < 0 ? 1 : 0;
            long w1 = m + l10;
            cm += Long.compareUnsigned(w1, m) < 0 ? 1 : 0;
            long sum = h01 + h10;
            long w2 = sum + l11;
            long c2 = Long.compareUnsigned(w2, sum) < 0 ? 1 : 0;
            long w2c = w2 + cm;
            c2 += Long.compareUnsigned(w2c, w2) < 0 ? 1 : 0;
            long w3 = h11 + c2;
            long q0 = (w1 >>> 63) | (w2c << 1);
            long q1 = (w2c >>> 63) | (w3 << 1);
            long f0 = l00 + q0;
            long f1 = (w1 & Mersenne127.HI_MASK) + q1 + (Long.compareUnsigned(f0, l00) < 0 ? 1 : 0);
            long s0 = p0 + f0;
            long k0 = Long.compareUnsigned(s0, f0) < 0 ? 1 : 0;
            long s1 = p1 + f1;
            long k1 = Long.compareUnsigned(s1, f1) < 0 ? 1 : 0;
            long s1c = s1 + k0;
            k1 += Long.compareUnsigned(s1c, s1) < 0 ? 1 : 0;
            p0 = s0;
            p1 = s1c;
            p2 += k1;
            fold192(p0, p1, p2, x, 0);
            long x0 = x[0];
            long x1 = x[1];
            fold192(n0, n1, n2, x, 0);
            Mersenne127.sub(x0, x1, x[0], x[1], masked, q);
        }
    }

    /** out[o..o+1] = a mod p for a = a2:a1:a0 &lt; 2^192, canonical. */
    private static void fold192(long a0, long a1, long a2, long[] out, int o) {
        // a = low + 2^127·high ≡ low + high, low < 2^127, high < 2^65.
        long h0 = (a1 >>> 63) | (a2 << 1);
        long h1 = a2 >>> 63;
        long s0 = a0 + h0;
        long s1 = (a1 & Mersenne127.HI_MASK) + h1 + (Long.compareUnsigned(s0, a0) < 0 ? 1 : 0);
        long top = s1 >>> 63;
        s1 &= Mersenne127.HI_MASK;
        s0 += top;
        if (Long.compareUnsigned(s0, top) < 0) {
            s1++;
        }
        if (s1 == Mersenne127.HI_MASK && s0 == -1L) {
            s0 = 0;
            s1 = 0;
        }
        out[o] = s0;
        out[o + 1] = s1;
    }

    /**
     * acc += Σ_i g_i·x_i and acc2 += Σ_i g_i·y_i over elements [0, n) of g and from element
     * {@code from} of x and y: each 254-bit product folded once to below 2^128 and summed exactly
     * in three words, reduced at the end, instead of a full reduction per product and per
     * addition (the verification's random linear combination of every recorded wire).
     */
    public static void dotProducts(long[] g, long[] x, long[] y, int from, int n, long[] acc, long[] acc2) {
        long[] sx = new long[3];
        long[] sy = new long[3];
        for (int i = 0, k = 2 * from, q = 0; i < n; i++, k += 2, q += 2) {
            long g0 = g[q];
            long g1 = g[q + 1];
            accumulateProduct(x[k], x[k + 1], g0, g1, sx);
            accumulateProduct(y[k], y[k + 1], g0, g1, sy);
        }
        long[] t = new long[2];
        fold192(sx[0], sx[1], sx[2], t, 0);
        Mersenne127.add(acc[0], acc[1], t[0], t[1], acc, 0);
        fold192(sy[0], sy[1], sy[2], t, 0);
        Mersenne127.add(acc2[0], acc2[1], t[0], t[1], acc2, 0);
    }

    /**
     * s += a·b for an exact sum of products kept in three words (s[0] lowest, s[2] counting
     * overflows); {@link #foldSum} reduces it. Up to 2^63 products fit.
     */
    public static void addProduct(long a0, long a1, long b0, long b1, long[] s) {
        accumulateProduct(a0, a1, b0, b1, s);
    }

    /** out[o..o+1] = the three-word sum s reduced mod p. */
    public static void foldSum(long[] s, long[] out, int o) {
        fold192(s[0], s[1], s[2], out, o);
    }

    /** s (three words, s[0] lowest) += a·b folded once at bit 127 (a value below 2^128). */
    private static void accumulateProduct(long a0, long a1, long b0, long b1, long[] s) {
        // As Mersenne127.mul: a1, b1 < 2^63.
        long l00 = a0 * b0;
        long h00 = Math.multiplyHigh(a0, b0) + ((a0 >> 63) & b0) + ((b0 >> 63) & a0);
        long l01 = a0 * b1;
        long h01 = Math.multiplyHigh(a0, b1) + ((a0 >> 63) & b1);
        long l10 = a1 * b0;
        long h10 = Math.multiplyHigh(a1, b0) + ((b0 >> 63) & a1);
        long l11 = a1 * b1;
        long h11 = Math.multiplyHigh(a1, b1);
        long m = h00 + l01;
        long c1 = Long.compareUnsigned(m, h00) < 0 ? 1 : 0;
        long w1 = m + l10;
        c1 += Long.compareUnsigned(w1, m) < 0 ? 1 : 0;
        long sum = h01 + h10;
        long w2 = sum + l11;
        long c2 = Long.compareUnsigned(w2, sum) < 0 ? 1 : 0;
        long w2c = w2 + c1;
        c2 += Long.compareUnsigned(w2c, w2) < 0 ? 1 : 0;
        long w3 = h11 + c2;
        // low 127 bits + the rest: f = f1:f0 < 2^128
        long q0 = (w1 >>> 63) | (w2c << 1);
        long q1 = (w2c >>> 63) | (w3 << 1);
        long f0 = l00 + q0;
        long f1 = (w1 & Mersenne127.HI_MASK) + q1 + (Long.compareUnsigned(f0, l00) < 0 ? 1 : 0);
        long s0 = s[0] + f0;
        long k0 = Long.compareUnsigned(s0, f0) < 0 ? 1 : 0;
        long s1 = s[1] + f1;
        long k1 = Long.compareUnsigned(s1, f1) < 0 ? 1 : 0;
        long s1c = s1 + k0;
        k1 += Long.compareUnsigned(s1c, s1) < 0 ? 1 : 0;
        s[0] = s0;
        s[1] = s1c;
        s[2] += k1;
    }

    /** out = a · b + c, element-wise. */
    public static void mulAdd(long[] a, long[] b, long[] c, long[] out, int n) {
        long[] t = new long[2];
        for (int i = 0, k = 0; i < n; i++, k += 2) {
            Mersenne127.mul(a[k], a[k + 1], b[k], b[k + 1], t, 0);
            Mersenne127.add(t[0], t[1], c[k], c[k + 1], out, k);
        }
    }

    /** out = a + c for one scalar c. */
    public static void addScalar(long[] a, long c0, long c1, long[] out, int n) {
        for (int i = 0, k = 0; i < n; i++, k += 2) {
            Mersenne127.add(a[k], a[k + 1], c0, c1, out, k);
        }
    }

    /** The sum of the {@code n} elements of a, written to out[o..o+1]. */
    public static void sum(long[] a, int n, long[] out, int o) {
        long[] acc = new long[2];
        for (int i = 0, k = 0; i < n; i++, k += 2) {
            Mersenne127.add(acc[0], acc[1], a[k], a[k + 1], acc, 0);
        }
        out[o] = acc[0];
        out[o + 1] = acc[1];
    }

    /** out[i] = a[0] + … + a[i] (inclusive prefix sums). */
    public static void prefixSums(long[] a, long[] out, int n) {
        long s0 = 0;
        long s1 = 0;
        for (int i = 0, k = 0; i < n; i++, k += 2) {
            Mersenne127.add(s0, s1, a[k], a[k + 1], out, k);
            s0 = out[k];
            s1 = out[k + 1];
        }
    }

    /**
     * out = a^{-1} element-wise with Montgomery's trick: one inversion and 3(n − 1)
     * multiplications for the whole batch.
     *
     * @throws ArithmeticException if any element is zero
     */
    public static void batchInverse(long[] a, long[] out, int n) {
        if (n == 0) {
            return;
        }
        long[] prefix = new long[2 * n];
        prefix[0] = a[0];
        prefix[1] = a[1];
        for (int i = 1, k = 2; i < n; i++, k += 2) {
            if (a[k] == 0 && a[k + 1] == 0) {
                throw new ArithmeticException("zero has no inverse in F_p (element " + i + ")");
            }
            Mersenne127.mul(prefix[k - 2], prefix[k - 1], a[k], a[k + 1], prefix, k);
        }
        long[] inv = new long[2];
        Mersenne127.inverse(prefix[2 * n - 2], prefix[2 * n - 1], inv, 0);
        long[] t = new long[2];
        for (int i = n - 1; i > 0; i--) {
            int k = 2 * i;
            long ai0 = a[k];
            long ai1 = a[k + 1];
            // out[i] = inv(prefix[i]) · prefix[i−1]; then inv(prefix[i−1]) = inv(prefix[i]) · a[i].
            Mersenne127.mul(inv[0], inv[1], prefix[k - 2], prefix[k - 1], t, 0);
            Mersenne127.mul(inv[0], inv[1], ai0, ai1, inv, 0);
            out[k] = t[0];
            out[k + 1] = t[1];
        }
        out[0] = inv[0];
        out[1] = inv[1];
    }

    /** Packs signed 64-bit integers as field elements. */
    public static long[] fromLongs(long[] values) {
        long[] out = new long[2 * values.length];
        for (int i = 0; i < values.length; i++) {
            Mersenne127.fromLong(values[i], out, 2 * i);
        }
        return out;
    }

    /**
     * The signed 64-bit integers the elements stand for (centred representation).
     *
     * @throws ArithmeticException if an element is outside [−2^63, 2^63)
     */
    public static long[] toLongs(long[] v) {
        int n = length(v);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = Mersenne127.toLong(v[2 * i], v[2 * i + 1]);
        }
        return out;
    }

    /** Little-endian encoding, 16 bytes per element (low limb first), for the wire. */
    public static byte[] toBytes(long[] v, int offset, int n) {
        byte[] bytes = new byte[n * Mersenne127.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().put(v, 2 * offset, 2 * n);
        return bytes;
    }

    /**
     * Strict decoding of {@code n} elements from {@code buffer} (little-endian, 16 bytes each):
     * the byte count must be exactly {@code 16n} and every element must be below p.
     *
     * @param where names the field in error messages
     */
    public static long[] fromBytes(ByteBuffer buffer, int n, String where) {
        if (n < 0) {
            throw new MalformedInputException(where, "negative element count " + n);
        }
        long expected = (long) n * Mersenne127.BYTES;
        if (buffer.remaining() != expected) {
            throw MalformedInputException.wrongLength(where, expected, buffer.remaining());
        }
        long[] out = new long[2 * n];
        LongBuffer longs = buffer.slice().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
        longs.get(out);
        for (int i = 0; i < 2 * n; i += 2) {
            if (!Mersenne127.isCanonical(out[i], out[i + 1])) {
                throw new MalformedInputException(where,
                        "element " + (i >>> 1) + " is not below p = 2^127 - 1");
            }
        }
        return out;
    }
}
