package org.veilgrid.fhe.rns;

import org.veilgrid.kernels.Kernels;
import org.veilgrid.kernels.Modulus;

/**
 * RNS polynomial arithmetic on the native kernels, one kernel call per prime. Each operation
 * runs over a basis: a level's ciphertext primes or the key basis with the special prime
 * ({@link RingLevel#keyBasis}).
 */
public final class PolyArithmetic {
    private PolyArithmetic() {
    }

    private static Kernels kernels() {
        return Kernels.get();
    }

    /**
     * Additions and subtractions are memory-bound: the JIT vectorizes the Java twin as well as
     * the C code, and skipping the JNI crossing and array pinning makes it faster in practice
     * (BfvBenchmark.addInPlace: 11 vs 21 µs at N = 8192), so they stay in Java.
     */
    private static Kernels linearKernels() {
        return Kernels.java();
    }

    public static void requireSameForm(RnsPoly a, RnsPoly b) {
        if (a.ntt != b.ntt) {
            throw new IllegalStateException("mixing NTT and coefficient forms");
        }
    }

    public static void add(RnsBasis basis, RnsPoly a, RnsPoly b, RnsPoly out) {
        requireSameForm(a, b);
        Kernels k = linearKernels();
        int n = basis.n;
        for (int i = 0; i < basis.size(); i++) {
            k.add(basis.moduli[i], a.data, i * n, b.data, i * n, out.data, i * n, n);
        }
        out.ntt = a.ntt;
    }

    public static void sub(RnsBasis basis, RnsPoly a, RnsPoly b, RnsPoly out) {
        requireSameForm(a, b);
        Kernels k = linearKernels();
        int n = basis.n;
        for (int i = 0; i < basis.size(); i++) {
            k.sub(basis.moduli[i], a.data, i * n, b.data, i * n, out.data, i * n, n);
        }
        out.ntt = a.ntt;
    }

    public static void negate(RnsBasis basis, RnsPoly a, RnsPoly out) {
        int n = basis.n;
        for (int i = 0; i < basis.size(); i++) {
            Modulus q = basis.moduli[i];
            for (int j = i * n; j < (i + 1) * n; j++) {
                out.data[j] = q.negate(a.data[j]);
            }
        }
        out.ntt = a.ntt;
    }

    /** Pointwise product; both operands in NTT form. */
    public static void mul(RnsBasis basis, RnsPoly a, RnsPoly b, RnsPoly out) {
        if (!a.ntt || !b.ntt) {
            throw new IllegalStateException("polynomial products need NTT form");
        }
        Kernels k = kernels();
        int n = basis.n;
        for (int i = 0; i < basis.size(); i++) {
            k.mul(basis.moduli[i], a.data, i * n, b.data, i * n, out.data, i * n, n);
        }
        out.ntt = true;
    }

    public static void toNtt(RnsBasis basis, RnsPoly a) {
        if (!a.ntt) {
            kernels().forward(basis.ntt, a.data);
            a.ntt = true;
        }
    }

    public static void fromNtt(RnsBasis basis, RnsPoly a) {
        if (a.ntt) {
            kernels().inverse(basis.ntt, a.data);
            a.ntt = false;
        }
    }

    /**
     * The RNS form (coefficient domain) of a polynomial with small signed integer coefficients.
     * Branch-free: the coefficients are usually secret (keys, noise).
     */
    public static RnsPoly fromSigned(RnsBasis basis, long[] coeffs) {
        int n = basis.n;
        RnsPoly p = new RnsPoly(n, basis.size(), false);
        for (int i = 0; i < basis.size(); i++) {
            long q = basis.moduli[i].value();
            for (int j = 0; j < n; j++) {
                long v = coeffs[j];
                p.data[i * n + j] = v + (q & (v >> 63));
            }
        }
        return p;
    }

    /**
     * a(X) to a(X^g) in Z_Q[X]/(X^N + 1) for odd g, in coefficient form: coefficient i moves
     * to i&middot;g mod 2N, with a sign flip when that lands in [N, 2N). The permutation depends
     * only on g (public); the values are moved and negated without branching on them.
     */
    public static RnsPoly automorphism(RnsBasis basis, RnsPoly a, long g) {
        RnsPoly out = new RnsPoly(basis.n, basis.size(), false);
        automorphismInto(basis, a, g, out);
        return out;
    }

    /** As {@link #automorphism}, into {@code out} (every coefficient written; out must not be a). */
    public static void automorphismInto(RnsBasis basis, RnsPoly a, long g, RnsPoly out) {
        if (a.ntt) {
            throw new IllegalStateException("automorphisms are applied in coefficient form");
        }
        int n = basis.n;
        int mask = 2 * n - 1;
        int step = (int) (g & mask);
        out.ntt = false;
        for (int i = 0; i < basis.size(); i++) {
            Modulus q = basis.moduli[i];
            int base = i * n;
            int e = 0;
            for (int x = 0; x < n; x++) {
                long v = a.data[base + x];
                if (e < n) {
                    out.data[base + e] = v;
                } else {
                    out.data[base + e - n] = q.negate(v);
                }
                e = (e + step) & mask;
            }
        }
    }

    /** Permutations of the NTT evaluations per (N, g), built once: they depend only on public values. */
    private static final java.util.concurrent.ConcurrentHashMap<Long, int[]> GALOIS_NTT =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The automorphism a(X) to a(X^g) in NTT form, as a permutation of the evaluations (no
     * transform): position j holds a(ψ^(2·br(j)+1)) (the forward NTT's bit-reversed order), so
     * the result at j is the input at the position of the exponent (2·br(j)+1)·g mod 2N.
     * {@code out} must not be {@code a}.
     */
    public static void automorphismNttInto(RnsBasis basis, RnsPoly a, long g, RnsPoly out) {
        if (!a.ntt) {
            throw new IllegalStateException("automorphismNttInto needs NTT form");
        }
        int n = basis.n;
        for (int i = 0; i < basis.size(); i++) {
            automorphismNttRow(n, a.data, i * n, g, out.data, i * n);
        }
        out.ntt = true;
    }

    /** {@link #automorphismNttInto} for one prime's row: src[srcOff..+N) permuted into dst[dstOff..+N). */
    public static void automorphismNttRow(int n, long[] src, int srcOff, long g, long[] dst, int dstOff) {
        int[] perm = GALOIS_NTT.computeIfAbsent(((long) n << 32) | (g & (2L * n - 1)), key -> galoisNttPermutation(n, g));
        for (int j = 0; j < n; j++) {
            dst[dstOff + j] = src[srcOff + perm[j]];
        }
    }

    private static int[] galoisNttPermutation(int n, long g) {
        int logN = Integer.numberOfTrailingZeros(n);
        long mask = 2L * n - 1;
        int[] perm = new int[n];
        for (int j = 0; j < n; j++) {
            long exponent = 2L * bitReverse(j, logN) + 1;
            long moved = (exponent * (g & mask)) & mask;
            perm[j] = bitReverse((int) ((moved - 1) >>> 1), logN);
        }
        return perm;
    }

    private static int bitReverse(int x, int bits) {
        return Integer.reverse(x) >>> (32 - bits);
    }
}
