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
        for (int j = 0; j < terms; j++) {
            if (smalls[j] == Long.MIN_VALUE || Math.abs(smalls[j]) >= (1L << 62)) {
                throw new IllegalArgumentException("constant " + j + " is not a small integer");
            }
            negative[j] = smalls[j] < 0;
            mags[j] = Math.abs(smalls[j]);
        }
        long[] pos = new long[3];
        long[] neg = new long[3];
        long[] x = new long[2];
        long[] y = new long[2];
        for (int i = 0; i < n; i++) {
            pos[0] = 0;
            pos[1] = 0;
            pos[2] = 0;
            neg[0] = 0;
            neg[1] = 0;
            neg[2] = 0;
            for (int j = 0; j < terms; j++) {
                int k = 2 * (srcOffsets[j] + i);
                long[] src = srcs[j];
                accumulateSmall(src[k], src[k + 1], mags[j], negative[j] ? neg : pos);
            }
            fold192(pos, x);
            fold192(neg, y);
            int q = 2 * (outOffset + i);
            if (extra == null) {
                Mersenne127.sub(x[0], x[1], y[0], y[1], out, q);
            } else {
                // extra may be out itself: read it before writing.
                Mersenne127.sub(x[0], x[1], y[0], y[1], x, 0);
                int e = 2 * (extraOffset + i);
                if (subtractExtra) {
                    Mersenne127.sub(x[0], x[1], extra[e], extra[e + 1], out, q);
                } else {
                    Mersenne127.add(x[0], x[1], extra[e], extra[e + 1], out, q);
                }
            }
        }
    }

    /** acc (192 bits, acc[0] lowest) += (v0 + 2^64·v1)·c for an element v and 0 ≤ c &lt; 2^62. */
    private static void accumulateSmall(long v0, long v1, long c, long[] acc) {
        long lo = v0 * c;
        long h0 = Math.multiplyHigh(v0, c) + ((v0 >> 63) & c);
        long l1 = v1 * c;
        long h1 = Math.multiplyHigh(v1, c); // v1 < 2^63, c < 2^62: both non-negative
        long mid = h0 + l1;
        long hi = h1 + (Long.compareUnsigned(mid, h0) < 0 ? 1 : 0);
        long a0 = acc[0] + lo;
        long carry0 = Long.compareUnsigned(a0, lo) < 0 ? 1 : 0;
        long a1 = acc[1] + mid;
        long carry1 = Long.compareUnsigned(a1, mid) < 0 ? 1 : 0;
        long a1c = a1 + carry0;
        carry1 += Long.compareUnsigned(a1c, a1) < 0 ? 1 : 0;
        acc[0] = a0;
        acc[1] = a1c;
        acc[2] += hi + carry1;
    }

    /** out = acc mod p for acc &lt; 2^192 (acc[0] lowest), canonical. */
    private static void fold192(long[] acc, long[] out) {
        long a0 = acc[0];
        long a1 = acc[1];
        long a2 = acc[2];
        // acc = low + 2^127·high ≡ low + high, low < 2^127, high < 2^65.
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
        out[0] = s0;
        out[1] = s1;
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
