package org.veilgrid.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ModVectorTest {
    private static final SplittableRandom RANDOM = new SplittableRandom(42);

    /** Moduli from tiny to the 2^62 bound, prime and composite, even and odd. */
    private static final long[] MODULI = {
        2, 3, 97, (1L << 31) - 1, 1L << 40, 1L << 61, 1125899906826241L /* 50 bits */, (1L << 50) - 27,
        1152921504606830593L /* 60-bit NTT prime */, (1L << 61) - 1, (1L << 62) - 57, (1L << 62) - 1,
    };

    /** Lengths that exercise empty input, SIMD tails and full vectors. */
    private static final int[] LENGTHS = {0, 1, 3, 4, 7, 8, 9, 15, 16, 17, 1000, 4096};

    @AfterAll
    static void restore() {
        KernelPath.restoreBest();
    }

    static List<KernelPath> paths() {
        return KernelPath.all();
    }

    static Stream<Arguments> pathsAndModuli() {
        return paths().stream().flatMap(p -> java.util.Arrays.stream(MODULI).mapToObj(q -> Arguments.of(p, q)));
    }

    private static long[] random(int n, long q) {
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            // Bias towards the edges where reductions go wrong.
            int pick = RANDOM.nextInt(8);
            a[i] = pick == 0 ? 0 : pick == 1 ? q - 1 : RANDOM.nextLong(q);
        }
        return a;
    }

    private static long ref(BigInteger v, long q) {
        return v.mod(BigInteger.valueOf(q)).longValueExact();
    }

    private static BigInteger big(long v) {
        return BigInteger.valueOf(v);
    }

    @ParameterizedTest(name = "{0}, q={1}")
    @MethodSource("pathsAndModuli")
    void everyOperationMatchesBigIntegerArithmetic(KernelPath path, long qv) {
        Kernels k = path.activate();
        Modulus q = Modulus.of(qv);
        for (int n : LENGTHS) {
            long[] a = random(n, qv);
            long[] b = random(n, qv);
            long[] c = random(n, qv);
            long s = RANDOM.nextLong(qv);
            long[] add = new long[n];
            long[] sub = new long[n];
            long[] mul = new long[n];
            long[] fma = new long[n];
            long[] scaled = new long[n];
            k.add(q, a, b, add);
            k.sub(q, a, b, sub);
            k.mul(q, a, b, mul);
            k.mulAdd(q, a, b, c, fma);
            k.mulScalar(q, a, s, scaled);
            long[] subScaled = new long[n];
            long[] subScaledAdded = c.clone();
            k.subMulScalar(q, a, 0, b, 0, s, subScaled, 0, n);
            k.subMulScalarAdd(q, a, 0, b, 0, s, subScaledAdded, 0, n);
            for (int i = 0; i < n; i++) {
                String where = "n=" + n + ", i=" + i;
                assertEquals(ref(big(a[i]).add(big(b[i])), qv), add[i], "add " + where);
                assertEquals(ref(big(a[i]).subtract(big(b[i])), qv), sub[i], "sub " + where);
                assertEquals(ref(big(a[i]).multiply(big(b[i])), qv), mul[i], "mul " + where);
                assertEquals(ref(big(a[i]).multiply(big(b[i])).add(big(c[i])), qv), fma[i], "mulAdd " + where);
                assertEquals(ref(big(a[i]).multiply(big(s)), qv), scaled[i], "mulScalar " + where);
                BigInteger diffScaled = big(a[i]).subtract(big(b[i])).multiply(big(s));
                assertEquals(ref(diffScaled, qv), subScaled[i], "subMulScalar " + where);
                assertEquals(ref(diffScaled.add(big(c[i])), qv), subScaledAdded[i], "subMulScalarAdd " + where);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void nativeAndJavaAgreeInPlaceAndAtOffsets(KernelPath path) {
        Kernels k = path.activate();
        Kernels j = Kernels.java();
        for (long qv : MODULI) {
            Modulus q = Modulus.of(qv);
            int n = 1 + RANDOM.nextInt(300);
            int off = RANDOM.nextInt(9);
            long[] a = random(off + n + 4, qv);
            long[] b = random(off + n + 4, qv);
            long[] c = random(off + n + 4, qv);

            long[] x1 = a.clone();
            long[] x2 = a.clone();
            k.mul(q, x1, off, b, off + 1, x1, off, n);
            j.mul(q, x2, off, b, off + 1, x2, off, n);
            assertArrayEquals(x2, x1, "in-place mul, q=" + qv);

            x1 = a.clone();
            x2 = a.clone();
            k.mulAdd(q, b, 0, c, 2, x1, off, x1, off, n);
            j.mulAdd(q, b, 0, c, 2, x2, off, x2, off, n);
            assertArrayEquals(x2, x1, "in-place mulAdd, q=" + qv);

            x1 = a.clone();
            x2 = a.clone();
            long s = RANDOM.nextLong(qv);
            k.mulScalar(q, x1, off, s, x1, off, n);
            j.mulScalar(q, x2, off, s, x2, off, n);
            assertArrayEquals(x2, x1, "in-place mulScalar, q=" + qv);

            x1 = a.clone();
            x2 = a.clone();
            k.sub(q, b, 3, x1, off, x1, off, n);
            j.sub(q, b, 3, x2, off, x2, off, n);
            assertArrayEquals(x2, x1, "in-place sub, q=" + qv);

            // out coinciding with b (rescaling's division) and with neither (added into).
            x1 = a.clone();
            x2 = a.clone();
            k.subMulScalar(q, b, 1, x1, off, s, x1, off, n);
            j.subMulScalar(q, b, 1, x2, off, s, x2, off, n);
            assertArrayEquals(x2, x1, "in-place subMulScalar, q=" + qv);

            x1 = a.clone();
            x2 = a.clone();
            k.subMulScalarAdd(q, b, 2, c, off, s, x1, off, n);
            j.subMulScalarAdd(q, b, 2, c, off, s, x2, off, n);
            assertArrayEquals(x2, x1, "subMulScalarAdd, q=" + qv);

            x1 = a.clone();
            x2 = a.clone();
            k.add(q, x1, off, x1, off, x1, off, n);
            j.add(q, x2, off, x2, off, x2, off, n);
            assertArrayEquals(x2, x1, "doubling add, q=" + qv);
        }
    }
}
