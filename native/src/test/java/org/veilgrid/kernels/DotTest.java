package org.veilgrid.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Kernels#dot} and {@link Kernels#dotAdd} against BigInteger sums, every call run on every
 * kernel path (the Java twin and each native ISA level this machine has), whole arrays compared so
 * that a write outside out's range fails too.
 */
class DotTest {
    /** Term counts: the edges of the scalar path's 128-bit chunks (16, 64, 256 rows at 62, 61, 60 bits) and the maximum. */
    private static final int[] TERMS = {1, 2, 3, 5, 8, 15, 16, 17, 33, 63, 64, 65, 255, 256, 257, 1000, 4095, 4096};

    /** Lengths around the 8-lane vectors and the 16- and 32-element blocks of the IFMA paths. */
    private static final int[] LENGTHS = {0, 1, 2, 7, 8, 9, 15, 16, 17, 23, 31, 32, 33, 40, 47, 64, 65, 100};

    @AfterAll
    static void restore() {
        KernelPath.restoreBest();
    }

    /** The largest prime below 2^bits. */
    private static long primeBelow(int bits) {
        long p = (1L << bits) - 1;
        while (!Primes.isPrime(p)) {
            p -= 2;
        }
        return p;
    }

    private static long primeAbove(long x) {
        long p = x + 1;
        while (!Primes.isPrime(p)) {
            p++;
        }
        return p;
    }

    /**
     * Primes of 30 to 62 bits as the brief of the kernel names them, the IFMA paths' boundary at
     * 2^51 from both sides (prime, composite, the power of two itself), and small and composite
     * moduli the library also accepts.
     */
    static long[] moduli() {
        List<Long> m = new ArrayList<>();
        for (int bits : new int[] {30, 40, 49, 50, 51, 52, 59, 60, 61, 62}) {
            m.add(primeBelow(bits));
        }
        m.add(primeAbove(1L << 51));
        m.add((1L << 51) - 1);
        m.add(1L << 51);
        m.add(1152921504606830593L); // 60-bit NTT prime
        m.add(1L << 61);
        m.add((1L << 62) - 1);
        m.add(2L);
        m.add(3L);
        m.add(12289L);
        return m.stream().mapToLong(Long::longValue).toArray();
    }

    /** Random residues with many 0 and q - 1, where reductions go wrong. */
    private static long[] residues(SplittableRandom r, int n, long q) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            int pick = r.nextInt(6);
            v[i] = pick == 0 ? 0 : pick == 1 ? q - 1 : r.nextLong(q);
        }
        return v;
    }

    /** One call's arguments: a and b may be one array (then bArr == aArr). */
    private record Call(long q, long[] aArr, int aOff, int aStride, long[] bArr, int bOff, int bStride, int terms,
                        long[] out, int outOff, int len) {
        long[] expected(boolean add) {
            BigInteger bq = BigInteger.valueOf(q);
            long[] e = out.clone();
            for (int j = 0; j < len; j++) {
                BigInteger s = add ? BigInteger.valueOf(out[outOff + j]) : BigInteger.ZERO;
                for (int t = 0; t < terms; t++) {
                    s = s.add(BigInteger.valueOf(aArr[aOff + t * aStride + j])
                            .multiply(BigInteger.valueOf(bArr[bOff + t * bStride + j])));
                }
                e[outOff + j] = s.mod(bq).longValueExact();
            }
            return e;
        }

        /** Runs the call on copies (keeping which arguments are one array) and returns out's copy. */
        long[] run(Kernels k, boolean add) {
            long[] a = aArr.clone();
            long[] b = bArr == aArr ? a : bArr.clone();
            long[] o = out == aArr ? a : out == bArr ? b : out.clone();
            if (add) {
                k.dotAdd(Modulus.of(q), a, aOff, aStride, b, bOff, bStride, terms, o, outOff, len);
            } else {
                k.dot(Modulus.of(q), a, aOff, aStride, b, bOff, bStride, terms, o, outOff, len);
            }
            if (a != o) {
                assertArrayEquals(aArr, a, "a must not change");
            }
            if (b != o) {
                assertArrayEquals(bArr, b, "b must not change");
            }
            return o;
        }

        @Override
        public String toString() {
            return "q=" + q + " terms=" + terms + " len=" + len + " strides=" + aStride + "/" + bStride + " offsets="
                    + aOff + "/" + bOff + "/" + outOff + (aArr == bArr ? " (a and b one array)" : "");
        }
    }

    /** Runs dot and dotAdd on every path and compares each with the BigInteger result. */
    private static void checkEveryPath(Call c) {
        long[] dot = c.expected(false);
        long[] dotAdd = c.expected(true);
        for (KernelPath p : KernelPath.all()) {
            Kernels k = p.activate();
            assertArrayEquals(dot, c.run(k, false), () -> "dot on " + p + ", " + c);
            assertArrayEquals(dotAdd, c.run(k, true), () -> "dotAdd on " + p + ", " + c);
        }
    }

    private static int stride(SplittableRandom r, int kind, int len) {
        switch (kind) {
            case 0: return 0;                                    // the same vector every term
            case 1: return len;                                  // contiguous rows
            case 2: return len + r.nextInt(1, 9);                // padded rows
            default: return len > 1 ? r.nextInt(1, len) : 1;     // rows overlapping each other
        }
    }

    private static long[] rows(SplittableRandom r, long q, int off, int stride, int terms, int len) {
        return residues(r, off + (terms - 1) * stride + len + r.nextInt(0, 4), q);
    }

    @ParameterizedTest(name = "q={0}")
    @MethodSource("moduli")
    void everyShapeMatchesBigIntegerOnEveryPath(long q) {
        SplittableRandom r = new SplittableRandom(q);
        for (int terms : TERMS) {
            int[] lens = terms >= 1000 ? new int[] {1, 9, 37} : LENGTHS;
            for (int len : lens) {
                int aKind = r.nextInt(4);
                int bKind = r.nextInt(4);
                int aStride = stride(r, aKind, len);
                int bStride = stride(r, bKind, len);
                int aOff = r.nextInt(0, 5);
                int bOff = r.nextInt(0, 5);
                int outOff = r.nextInt(0, 5);
                long[] a = rows(r, q, aOff, aStride, terms, len);
                long[] b = rows(r, q, bOff, bStride, terms, len);
                long[] out = residues(r, outOff + len + r.nextInt(0, 4), q);
                checkEveryPath(new Call(q, a, aOff, aStride, b, bOff, bStride, terms, out, outOff, len));
            }
        }
    }

    @ParameterizedTest(name = "q={0}")
    @MethodSource("moduli")
    void interleavedRowsOfOneArrayAndOutInTheSameArray(long q) {
        SplittableRandom r = new SplittableRandom(~q);
        for (int terms : new int[] {1, 4, 17, 300}) {
            for (int len : new int[] {1, 13, 40}) {
                // a's and b's rows alternate in one array; out follows them in it.
                long[] m = residues(r, 2 * terms * len + len + 3, q);
                checkEveryPath(new Call(q, m, 0, 2 * len, m, len, 2 * len, terms, m, 2 * terms * len + 3, len));
                // Squares: b is a itself.
                checkEveryPath(new Call(q, m, 1, len, m, 1, len, terms, m, 2 * terms * len + 2, len));
            }
        }
    }

    /** Every product (q - 1)^2, as many as allowed: the accumulators' worst case. */
    @ParameterizedTest(name = "q={0}")
    @MethodSource("moduli")
    void allInputsQMinusOne(long q) {
        for (int terms : new int[] {Kernels.MAX_DOT_TERMS, 16, 17, 64, 65, 256, 257}) {
            for (int len : new int[] {37, 8}) {
                long[] a = LongStream.generate(() -> q - 1).limit((long) terms * len).toArray();
                long[] out = LongStream.generate(() -> q - 1).limit(len).toArray();
                // (q - 1)^2 = 1 mod q: the sum is terms mod q.
                long sum = terms % q;
                long[] dot = new long[len];
                long[] dotAdd = new long[len];
                Arrays.fill(dot, sum);
                Arrays.fill(dotAdd, (sum + q - 1) % q);
                Call c = new Call(q, a, 0, len, a, 0, len, terms, out, 0, len);
                assertArrayEquals(dot, c.expected(false));
                for (KernelPath p : KernelPath.all()) {
                    Kernels k = p.activate();
                    assertArrayEquals(dot, c.run(k, false), () -> "dot on " + p + ", " + c);
                    assertArrayEquals(dotAdd, c.run(k, true), () -> "dotAdd on " + p + ", " + c);
                }
            }
        }
    }

    /** A longer vector, so the IFMA paths' widest blocks run many times; strides of a polynomial. */
    @Test
    void polynomialRowsAgreeAcrossPathsAndWithMulAddChains() {
        SplittableRandom r = new SplittableRandom(7);
        int n = 4096 + 5;
        int terms = 16;
        for (int bits : new int[] {30, 50, 51, 52, 60, 62}) {
            long qv = primeBelow(bits);
            Modulus q = Modulus.of(qv);
            long[] a = residues(r, terms * n, qv);
            long[] b = residues(r, terms * n, qv);
            long[] chain = new long[n];
            Kernels java = Kernels.java();
            long[] row = new long[n];
            long[] row2 = new long[n];
            for (int t = 0; t < terms; t++) {
                System.arraycopy(a, t * n, row, 0, n);
                System.arraycopy(b, t * n, row2, 0, n);
                java.mulAdd(q, row, row2, chain, chain);
            }
            for (KernelPath p : KernelPath.all()) {
                Kernels k = p.activate();
                long[] out = new long[n];
                k.dot(q, a, 0, n, b, 0, n, terms, out, 0, n);
                assertArrayEquals(chain, out, "dot on " + p + ", " + bits + " bits");
            }
        }
    }

    @Test
    void zeroTermsLengthOrEmptyRowsLeaveOutAlone() {
        Modulus q = Modulus.of(primeBelow(60));
        for (KernelPath p : KernelPath.all()) {
            Kernels k = p.activate();
            long[] out = {5, 6, 7};
            k.dot(q, new long[0], 0, 0, new long[0], 0, 0, 1, out, 3, 0);
            k.dotAdd(q, new long[4], 4, 9, new long[4], 0, 0, 1, out, 0, 0);
            assertArrayEquals(new long[] {5, 6, 7}, out, p.toString());
        }
    }

    @Test
    void oneTermIsMulAndDotAddOfOneTermIsMulAdd() {
        SplittableRandom r = new SplittableRandom(11);
        for (long qv : moduli()) {
            Modulus q = Modulus.of(qv);
            long[] a = residues(r, 45, qv);
            long[] b = residues(r, 45, qv);
            long[] c = residues(r, 45, qv);
            long[] mul = new long[45];
            long[] fma = new long[45];
            Kernels.java().mul(q, a, b, mul);
            Kernels.java().mulAdd(q, a, b, c, fma);
            for (KernelPath p : KernelPath.all()) {
                Kernels k = p.activate();
                long[] out = new long[45];
                k.dot(q, a, 0, 0, b, 0, 0, 1, out, 0, 45);
                assertArrayEquals(mul, out, p + ", q=" + qv);
                out = c.clone();
                k.dotAdd(q, a, 0, 123, b, 0, 77, 1, out, 0, 45);
                assertEquals(Arrays.toString(fma), Arrays.toString(out), p + ", q=" + qv);
            }
        }
    }
}
