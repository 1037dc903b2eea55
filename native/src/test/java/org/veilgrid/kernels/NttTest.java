package org.veilgrid.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NttTest {
    private static final SplittableRandom RANDOM = new SplittableRandom(0x5eed);

    @AfterAll
    static void restore() {
        KernelPath.restoreBest();
    }

    static List<KernelPath> paths() {
        return KernelPath.all();
    }

    static long[] random(int n, long q) {
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            a[i] = RANDOM.nextLong(q);
        }
        return a;
    }

    /** Prime sizes spanning the IFMA (&lt; 2^50) and 64-bit paths, up to the 2^62 bound. */
    static long[] primesFor(int n) {
        return new long[] {
            Primes.nttPrimes(30, n, 1).get(0),
            Primes.nttPrimes(49, n, 1).get(0),
            Primes.nttPrimes(50, n, 1).get(0),
            Primes.nttPrimes(60, n, 1).get(0),
            Primes.nttPrimes(62, n, 1).get(0),
        };
    }

    static Stream<Arguments> pathsAndSmallSizes() {
        return paths().stream().flatMap(p -> Stream.of(16, 32, 64, 256, 1024).map(n -> Arguments.of(p, n)));
    }

    @ParameterizedTest(name = "{0}, N={1}")
    @MethodSource("pathsAndSmallSizes")
    void multiplicationThroughNttMatchesSchoolbook(KernelPath path, int n) {
        Kernels k = path.activate();
        for (long qv : primesFor(n)) {
            Modulus q = Modulus.of(qv);
            NttTables t = NttTables.create(n, qv);
            long[] a = random(n, qv);
            long[] b = random(n, qv);
            long[] expected = Reference.negacyclicMultiply(a, b, q);
            long[] fa = a.clone();
            long[] fb = b.clone();
            k.forward(t, fa);
            k.forward(t, fb);
            long[] fc = new long[n];
            k.mul(q, fa, fb, fc);
            k.inverse(t, fc);
            assertArrayEquals(expected, fc, "q=" + qv);
        }
    }

    @Test
    void referenceWrapsWithASignFlip() {
        Modulus q = Modulus.of(97);
        long[] x = new long[8];
        long[] xTop = new long[8];
        x[1] = 1;
        xTop[7] = 1;
        long[] c = Reference.negacyclicMultiply(x, xTop, q); // X * X^7 = X^8 = -1
        long[] minusOne = new long[8];
        minusOne[0] = 96;
        assertArrayEquals(minusOne, c);
    }

    @Test
    void forwardEvaluatesAtOddPowersOfPsiInBitReversedOrder() {
        int n = 16;
        long qv = Primes.nttPrimes(40, n, 1).get(0);
        Modulus q = Modulus.of(qv);
        NttTables t = NttTables.create(n, qv);
        long[] a = random(n, qv);
        long[] f = a.clone();
        Kernels.java().forward(t, f);
        for (int i = 0; i < n; i++) {
            // Slot i holds a(psi^(2 bitrev(i) + 1)).
            int br = Integer.reverse(i) >>> (32 - 4);
            long x = q.pow(t.psi(), 2L * br + 1);
            long v = 0;
            for (int j = n - 1; j >= 0; j--) {
                v = q.add(q.mul(v, x), a[j]);
            }
            assertEquals(v, f[i], "slot " + i);
        }
    }

    static Stream<Arguments> pathsAndAllSizes() {
        return paths().stream().flatMap(p -> Stream.iterate(NttTables.MIN_LOG_N, l -> l <= NttTables.MAX_LOG_N, l -> l + 1)
                .map(l -> Arguments.of(p, 1 << l)));
    }

    @ParameterizedTest(name = "{0}, N={1}")
    @MethodSource("pathsAndAllSizes")
    void inverseUndoesForwardForEverySupportedSize(KernelPath path, int n) {
        Kernels k = path.activate();
        for (long qv : new long[] {Primes.nttPrimes(45, n, 1).get(0), Primes.nttPrimes(62, n, 1).get(0)}) {
            NttTables t = NttTables.create(n, qv);
            long[] a = random(n, qv);
            long[] f = a.clone();
            k.forward(t, f);
            for (long v : f) {
                assertTrue(v >= 0 && v < qv, "forward output must be reduced");
            }
            k.inverse(t, f);
            assertArrayEquals(a, f, "q=" + qv);
        }
    }

    static Stream<Arguments> nativePathsAndAllSizes() {
        return KernelPath.nativeOnly().stream().flatMap(p -> Stream.iterate(NttTables.MIN_LOG_N,
                l -> l <= NttTables.MAX_LOG_N, l -> l + 1).map(l -> Arguments.of(p, 1 << l)));
    }

    @ParameterizedTest(name = "{0}, N={1}")
    @MethodSource("nativePathsAndAllSizes")
    void nativeMatchesJavaOnRandomInputs(KernelPath path, int n) {
        Kernels k = path.activate();
        for (long qv : primesFor(n)) {
            NttTables t = NttTables.create(n, qv);
            long[] a = random(n, qv);
            long[] viaJava = a.clone();
            long[] viaNative = a.clone();
            Kernels.java().forward(t, viaJava);
            k.forward(t, viaNative);
            assertArrayEquals(viaJava, viaNative, "forward, q=" + qv);
            long[] b = random(n, qv);
            viaJava = b.clone();
            viaNative = b.clone();
            Kernels.java().inverse(t, viaJava);
            k.inverse(t, viaNative);
            assertArrayEquals(viaJava, viaNative, "inverse, q=" + qv);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void rnsCallTransformsEveryPrimeAtAnOffset(KernelPath path) {
        Kernels k = path.activate();
        int n = 4096;
        List<Long> primes = Primes.nttPrimes(60, n, 3);
        primes = new java.util.ArrayList<>(primes);
        primes.add(Primes.nttPrimes(36, n, 1).get(0));
        long[] ps = primes.stream().mapToLong(Long::longValue).toArray();
        RnsNttTables rns = RnsNttTables.create(n, ps);
        int off = 5;
        long[] data = new long[off + n * ps.length + 3];
        for (int i = 0; i < ps.length; i++) {
            System.arraycopy(random(n, ps[i]), 0, data, off + i * n, n);
        }
        long[] original = data.clone();
        k.forward(rns, data, off);
        for (int i = 0; i < ps.length; i++) {
            long[] single = java.util.Arrays.copyOfRange(original, off + i * n, off + (i + 1) * n);
            Kernels.java().forward(rns.get(i), single);
            assertArrayEquals(single, java.util.Arrays.copyOfRange(data, off + i * n, off + (i + 1) * n), "prime " + i);
        }
        assertEquals(original[0], data[0]);
        assertEquals(original[data.length - 1], data[data.length - 1]);
        k.inverse(rns, data, off);
        assertArrayEquals(original, data);
    }
}
