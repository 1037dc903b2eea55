package org.veilgrid.kernels;

import java.util.Objects;
import java.util.Optional;

/**
 * The one door to the math kernels: vector arithmetic modulo q, negacyclic NTTs, and the seeded
 * PRG. An instance runs either the native library or its Java twin ({@link #backend()}); both
 * behave identically, because every argument is validated here, before either runs.
 *
 * <p>Preconditions shared by all methods: arrays non-null, offsets and lengths inside their
 * arrays, and vector elements already reduced (in [0, q)) — the kernels trust reducedness for
 * speed rather than scan every input; outputs are always reduced. Output arrays may be the same
 * array as an input (in-place) when the ranges coincide exactly.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Kernels {
    private static final Kernels JAVA = new Kernels(JavaBackend.INSTANCE);
    private static volatile Kernels nativeInstance;

    private final KernelBackend impl;

    private Kernels(KernelBackend impl) {
        this.impl = impl;
    }

    /**
     * The fastest kernels available: native when the library loaded and VEIL_NATIVE is not
     * {@code off}, otherwise the Java twin.
     */
    public static Kernels get() {
        return nativeKernels().orElse(JAVA);
    }

    /** The pure-Java twin, whatever the native library's state. */
    public static Kernels java() {
        return JAVA;
    }

    /** The native kernels, or empty when the library is disabled or failed to load. */
    public static Optional<Kernels> nativeKernels() {
        if (!NativeLibrary.isLoaded()) {
            return Optional.empty();
        }
        Kernels k = nativeInstance;
        if (k == null) {
            k = new Kernels(NativeBackend.INSTANCE);
            nativeInstance = k;
        }
        return Optional.of(k);
    }

    public Backend backend() {
        return impl.kind();
    }

    /** The code path in use, e.g. "java" or "native avx512ifma". */
    public String describe() {
        return impl.describe();
    }

    @Override
    public String toString() {
        return "Kernels(" + describe() + ")";
    }

    // ---------------------------------------------------------------- vector arithmetic mod q

    /** out = a + b mod q, element-wise over whole arrays of equal length. */
    public void add(Modulus q, long[] a, long[] b, long[] out) {
        int len = sameLength(a, b, out);
        add(q, a, 0, b, 0, out, 0, len);
    }

    /** out[outOff..] = a[aOff..] + b[bOff..] mod q, for len elements. */
    public void add(Modulus q, long[] a, int aOff, long[] b, int bOff, long[] out, int outOff, int len) {
        checkRanges(q, a, aOff, b, bOff, out, outOff, len);
        impl.add(q, a, aOff, b, bOff, out, outOff, len);
    }

    /** out = a - b mod q, element-wise. */
    public void sub(Modulus q, long[] a, long[] b, long[] out) {
        int len = sameLength(a, b, out);
        sub(q, a, 0, b, 0, out, 0, len);
    }

    public void sub(Modulus q, long[] a, int aOff, long[] b, int bOff, long[] out, int outOff, int len) {
        checkRanges(q, a, aOff, b, bOff, out, outOff, len);
        impl.sub(q, a, aOff, b, bOff, out, outOff, len);
    }

    /** out = a &middot; b mod q, element-wise (Barrett reduction of the 128-bit product). */
    public void mul(Modulus q, long[] a, long[] b, long[] out) {
        int len = sameLength(a, b, out);
        mul(q, a, 0, b, 0, out, 0, len);
    }

    public void mul(Modulus q, long[] a, int aOff, long[] b, int bOff, long[] out, int outOff, int len) {
        checkRanges(q, a, aOff, b, bOff, out, outOff, len);
        impl.mul(q, a, aOff, b, bOff, out, outOff, len);
    }

    /** out = s &middot; a mod q for a scalar s in [0, q) (Shoup reduction). */
    public void mulScalar(Modulus q, long[] a, long s, long[] out) {
        if (a.length != out.length) {
            throw new KernelArgumentException("length mismatch: a has " + a.length + " elements, out has " + out.length);
        }
        mulScalar(q, a, 0, s, out, 0, a.length);
    }

    public void mulScalar(Modulus q, long[] a, int aOff, long s, long[] out, int outOff, int len) {
        Objects.requireNonNull(q, "q");
        checkRange("a", a, aOff, len);
        checkRange("out", out, outOff, len);
        checkAlias(a, aOff, out, outOff, len, "a");
        if (s < 0 || s >= q.value()) {
            throw new KernelArgumentException("scalar must lie in [0, q)");
        }
        impl.mulScalar(q, a, aOff, s, q.shoup(s), out, outOff, len);
    }

    /**
     * out = (a &minus; b)&middot;s mod q, element-wise, for a scalar s in [0, q): a subtraction and
     * a Shoup product in one pass over the vectors (an exact division by a prime, as rescaling
     * and key switching's division by P do it, costs one pass per row instead of two).
     */
    public void subMulScalar(Modulus q, long[] a, int aOff, long[] b, int bOff, long s, long[] out, int outOff, int len) {
        checkSubMulScalar(q, a, aOff, b, bOff, s, out, outOff, len);
        impl.subMulScalar(q, a, aOff, b, bOff, s, q.shoup(s), out, outOff, len, false);
    }

    /**
     * out = out + (a &minus; b)&middot;s mod q, element-wise, with out's elements in [0, q): {@link
     * #subMulScalar} added into out (the division by P added to a ciphertext in one pass instead
     * of three).
     */
    public void subMulScalarAdd(Modulus q, long[] a, int aOff, long[] b, int bOff, long s, long[] out, int outOff,
                                int len) {
        checkSubMulScalar(q, a, aOff, b, bOff, s, out, outOff, len);
        impl.subMulScalar(q, a, aOff, b, bOff, s, q.shoup(s), out, outOff, len, true);
    }

    private static void checkSubMulScalar(Modulus q, long[] a, int aOff, long[] b, int bOff, long s, long[] out,
                                          int outOff, int len) {
        checkRanges(q, a, aOff, b, bOff, out, outOff, len);
        if (s < 0 || s >= q.value()) {
            throw new KernelArgumentException("scalar must lie in [0, q)");
        }
    }

    /** out = a &middot; b + c mod q, element-wise. */
    public void mulAdd(Modulus q, long[] a, long[] b, long[] c, long[] out) {
        int len = sameLength(a, b, out);
        if (c.length != len) {
            throw new KernelArgumentException("length mismatch: c has " + c.length + " elements, expected " + len);
        }
        mulAdd(q, a, 0, b, 0, c, 0, out, 0, len);
    }

    public void mulAdd(Modulus q, long[] a, int aOff, long[] b, int bOff, long[] c, int cOff,
                       long[] out, int outOff, int len) {
        checkRanges(q, a, aOff, b, bOff, out, outOff, len);
        checkRange("c", c, cOff, len);
        checkAlias(c, cOff, out, outOff, len, "c");
        impl.mulAdd(q, a, aOff, b, bOff, c, cOff, out, outOff, len);
    }

    // ---------------------------------------------------------------- dot products

    /**
     * The most rows one {@link #dot} call sums. Products are added unreduced and each output is
     * reduced once; the IFMA paths add up to this many 52-bit halves of products into a 64-bit
     * lane without carry handling (4096 &middot; (2<sup>52</sup> &minus; 1) &lt; 2<sup>64</sup>).
     * Longer sums: one {@code dot} and then {@link #dotAdd} calls of at most this many rows.
     */
    public static final int MAX_DOT_TERMS = 4096;

    /**
     * out[outOff + j] = (&Sigma;<sub>t &lt; terms</sub> a[aOff + t&middot;aStride + j] &middot;
     * b[bOff + t&middot;bStride + j]) mod q, for j &lt; len: the sum of {@code terms} element-wise
     * products of rows, as in a matrix-vector product, with the products summed unreduced and one
     * reduction per element (where a chain of {@link #mulAdd} calls reduces every product).
     *
     * <p>a and b residues in [0, q). 1 &le; terms &le; {@link #MAX_DOT_TERMS}. Strides may be any
     * non-negative ints: 0 uses the same vector in every term, and rows may overlap each other (a
     * stride below len). Every row, [off + t&middot;stride, off + t&middot;stride + len) for
     * t &lt; terms, must lie inside its array. a and b may be the same array; out's range may not
     * overlap the span a or b is read from, [off, off + (terms &minus; 1)&middot;stride + len).
     * Constant time in the data.
     *
     * @throws KernelArgumentException on a range, stride, term-count or overlap error
     */
    public void dot(Modulus q, long[] a, int aOff, int aStride, long[] b, int bOff, int bStride, int terms,
                    long[] out, int outOff, int len) {
        checkDot(q, a, aOff, aStride, b, bOff, bStride, terms, out, outOff, len);
        impl.dot(q, a, aOff, aStride, b, bOff, bStride, terms, out, outOff, len, false);
    }

    /**
     * {@link #dot} added into out: out[outOff + j] = (out[outOff + j] + &Sigma; &hellip;) mod q, with
     * out's elements in [0, q). Same rules as {@link #dot}.
     *
     * @throws KernelArgumentException on a range, stride, term-count or overlap error
     */
    public void dotAdd(Modulus q, long[] a, int aOff, int aStride, long[] b, int bOff, int bStride, int terms,
                       long[] out, int outOff, int len) {
        checkDot(q, a, aOff, aStride, b, bOff, bStride, terms, out, outOff, len);
        impl.dot(q, a, aOff, aStride, b, bOff, bStride, terms, out, outOff, len, true);
    }

    // ---------------------------------------------------------------- NTT

    /**
     * In-place forward negacyclic NTT of the N coefficients at poly[off..off+N): standard order
     * in, bit-reversed evaluations out. Coefficients must be in [0, q).
     */
    public void forward(NttTables t, long[] poly, int off) {
        Objects.requireNonNull(t, "tables");
        checkRange("poly", poly, off, t.n());
        impl.nttForward(t, poly, off);
    }

    /** {@link #forward(NttTables, long[], int)} on a whole array of exactly N coefficients. */
    public void forward(NttTables t, long[] poly) {
        requireLength(poly, t.n());
        forward(t, poly, 0);
    }

    /** In-place inverse of {@link #forward(NttTables, long[], int)}, including the 1/N scaling. */
    public void inverse(NttTables t, long[] poly, int off) {
        Objects.requireNonNull(t, "tables");
        checkRange("poly", poly, off, t.n());
        impl.nttInverse(t, poly, off);
    }

    public void inverse(NttTables t, long[] poly) {
        requireLength(poly, t.n());
        inverse(t, poly, 0);
    }

    /**
     * Forward NTT of a whole RNS polynomial in one call: k residue polynomials of N coefficients,
     * prime i's at polys[off + i&middot;N ..].
     */
    public void forward(RnsNttTables t, long[] polys, int off) {
        Objects.requireNonNull(t, "tables");
        checkRange("polys", polys, off, t.n() * t.size());
        impl.nttForward(t, polys, off);
    }

    public void forward(RnsNttTables t, long[] polys) {
        requireLength(polys, t.n() * t.size());
        forward(t, polys, 0);
    }

    public void inverse(RnsNttTables t, long[] polys, int off) {
        Objects.requireNonNull(t, "tables");
        checkRange("polys", polys, off, t.n() * t.size());
        impl.nttInverse(t, polys, off);
    }

    public void inverse(RnsNttTables t, long[] polys) {
        requireLength(polys, t.n() * t.size());
        inverse(t, polys, 0);
    }

    // ---------------------------------------------------------------- RNS

    /**
     * Runs an RNS conversion plan on n coefficients: {@code in} holds k<sub>in</sub> rows of n
     * residues from inOff (row i reduced mod the plan's i-th input prime), {@code out} receives
     * k<sub>out</sub> rows from outOff. {@code diag} holds k<sub>out</sub> rows of reduced residues
     * when the plan has a diagonal term, and must be null otherwise. The output range may not
     * overlap either input range.
     *
     * @return how many coefficients had an uncertain rounding: the fraction of
     *     &Sigma; w<sub>i</sub>f<sub>i</sub> in [1/4, 3/4) (decryption refuses those)
     *
     * @throws KernelArgumentException on a range, size or aliasing error
     */
    public int rnsConvert(RnsConversion conversion, long[] in, int inOff, long[] diag, int diagOff,
                           long[] out, int outOff, int n) {
        Objects.requireNonNull(conversion, "conversion");
        if (n < 0) {
            throw new KernelArgumentException("coefficient count must be non-negative, got " + n);
        }
        long inLen = (long) conversion.inputCount() * n;
        long outLen = (long) conversion.outputCount() * n;
        if (inLen > Integer.MAX_VALUE || outLen > Integer.MAX_VALUE) {
            throw new KernelArgumentException("RNS conversion of " + n + " coefficients is too large");
        }
        checkRange("in", in, inOff, (int) inLen);
        checkRange("out", out, outOff, (int) outLen);
        checkDisjoint(in, inOff, (int) inLen, out, outOff, (int) outLen, "in");
        if (conversion.hasDiagonal()) {
            checkRange("diag", diag, diagOff, (int) outLen);
            checkDisjoint(diag, diagOff, (int) outLen, out, outOff, (int) outLen, "diag");
        } else if (diag != null) {
            throw new KernelArgumentException("this conversion has no diagonal term; pass diag = null");
        }
        return impl.rnsConvert(conversion, in, inOff, diag, diagOff, out, outOff, n);
    }

    /**
     * out[i] = (in[i] mod q + addend) mod q for any unsigned 64-bit in[i] (not necessarily
     * reduced) and addend in [0, q): moves residues of one prime to another, with an offset.
     * In place when the ranges coincide.
     */
    public void reduceAdd(Modulus q, long[] in, int inOff, long addend, long[] out, int outOff, int len) {
        Objects.requireNonNull(q, "q");
        if (addend < 0 || addend >= q.value()) {
            throw new KernelArgumentException("addend must lie in [0, " + q.value() + ")");
        }
        checkRange("in", in, inOff, len);
        checkRange("out", out, outOff, len);
        checkAlias(in, inOff, out, outOff, len, "in");
        impl.reduceAdd(q, in, inOff, addend, out, outOff, len);
    }

    // ---------------------------------------------------------------- PRG

    /** Seed size of {@link #uniform}. */
    public static final int SEED_BYTES = 32;

    /**
     * Expands a 32-byte seed into len values uniform in [0, q), written to out[off..off+len).
     * The output is a deterministic function of (seed, stream, q): the ChaCha20 keystream of
     * (seed, stream) read as 64-bit words, masked and rejection-sampled (see prg.c). Different
     * streams of one seed are independent; use one per RNS prime or per polynomial.
     *
     * @throws KernelArgumentException if the seed is not 32 bytes or a range is bad
     */
    public void uniform(byte[] seed, long stream, Modulus q, long[] out, int off, int len) {
        Objects.requireNonNull(q, "q");
        if (seed == null || seed.length != SEED_BYTES) {
            throw new KernelArgumentException("PRG seed must be " + SEED_BYTES + " bytes, got "
                    + (seed == null ? "null" : seed.length + " bytes"));
        }
        checkRange("out", out, off, len);
        if (!impl.uniform(seed, stream, q, out, off, len)) {
            throw new KernelArgumentException("PRG stream exhausted (2^32 ChaCha20 blocks); use another stream");
        }
    }

    public void uniform(byte[] seed, long stream, Modulus q, long[] out) {
        Objects.requireNonNull(out, "out");
        uniform(seed, stream, q, out, 0, out.length);
    }

    // ---------------------------------------------------------------- validation

    private static int sameLength(long[] a, long[] b, long[] out) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        Objects.requireNonNull(out, "out");
        if (a.length != b.length || a.length != out.length) {
            throw new KernelArgumentException("length mismatch: a has " + a.length + ", b has " + b.length
                    + ", out has " + out.length + " elements");
        }
        return a.length;
    }

    private static void requireLength(long[] poly, int expected) {
        Objects.requireNonNull(poly, "poly");
        if (poly.length != expected) {
            throw new KernelArgumentException("polynomial must have " + expected + " coefficients, got " + poly.length);
        }
    }

    private static void checkRanges(Modulus q, long[] a, int aOff, long[] b, int bOff, long[] out, int outOff, int len) {
        Objects.requireNonNull(q, "q");
        checkRange("a", a, aOff, len);
        checkRange("b", b, bOff, len);
        checkRange("out", out, outOff, len);
        checkAlias(a, aOff, out, outOff, len, "a");
        checkAlias(b, bOff, out, outOff, len, "b");
    }

    private static void checkDot(Modulus q, long[] a, int aOff, int aStride, long[] b, int bOff, int bStride,
                                 int terms, long[] out, int outOff, int len) {
        Objects.requireNonNull(q, "q");
        if (terms < 1 || terms > MAX_DOT_TERMS) {
            throw new KernelArgumentException("terms must lie in [1, " + MAX_DOT_TERMS + "], got " + terms);
        }
        long aSpan = checkRows("a", a, aOff, aStride, terms, len);
        long bSpan = checkRows("b", b, bOff, bStride, terms, len);
        checkRange("out", out, outOff, len);
        if (len > 0) { // an empty out range overlaps nothing
            checkDisjoint(a, aOff, aSpan, out, outOff, len, "a");
            checkDisjoint(b, bOff, bSpan, out, outOff, len, "b");
        }
    }

    /** Checks that rows [off + t stride, + len) for t &lt; terms lie in arr; returns their span. */
    private static long checkRows(String name, long[] arr, int off, int stride, int terms, int len) {
        Objects.requireNonNull(arr, name);
        if (len < 0) {
            throw new KernelArgumentException("length must be non-negative, got " + len);
        }
        if (stride < 0) {
            throw new KernelArgumentException(name + "Stride must be non-negative, got " + stride);
        }
        long span = (long) (terms - 1) * stride + len;
        if (off < 0 || off > arr.length - span) {
            throw new KernelArgumentException(name + " rows [" + off + ", " + (off + span) + ") lie outside an array of "
                    + arr.length + " elements");
        }
        return span;
    }

    private static void checkRange(String name, long[] arr, int off, int len) {
        Objects.requireNonNull(arr, name);
        if (len < 0) {
            throw new KernelArgumentException("length must be non-negative, got " + len);
        }
        if (off < 0 || off > arr.length - len) {
            throw new KernelArgumentException(name + "[" + off + ", " + ((long) off + len) + ") lies outside an array of "
                    + arr.length + " elements");
        }
    }

    private static void checkDisjoint(long[] in, int inOff, long inLen, long[] out, int outOff, long outLen, String name) {
        if (in == out && inOff < (long) outOff + outLen && outOff < (long) inOff + inLen) {
            throw new KernelArgumentException(name + " and out overlap");
        }
    }

    /** In-place is fine; a partial overlap would make results depend on the kernel's order. */
    private static void checkAlias(long[] in, int inOff, long[] out, int outOff, int len, String name) {
        if (in == out && inOff != outOff && Math.abs((long) inOff - outOff) < len) {
            throw new KernelArgumentException(name + " and out overlap without coinciding");
        }
    }
}
