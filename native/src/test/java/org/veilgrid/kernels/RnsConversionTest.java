package org.veilgrid.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RNS base conversion and reduceAdd against BigInteger arithmetic, on every kernel path. */
class RnsConversionTest {
    private static final BigInteger TWO_128 = BigInteger.ONE.shiftLeft(128);

    @AfterEach
    void restore() {
        KernelPath.restoreBest();
    }

    static Stream<Arguments> pathsAndShapes() {
        // {bits of input primes, count, bits of output primes, count}
        // The last: 62-bit primes on both sides, so the native kernel folds its 128-bit sums every
        // 8 products (narrower primes let it sum every product of these shapes first).
        int[][] shapes = {{40, 3, 61, 4}, {61, 1, 61, 1}, {30, 10, 50, 2}, {17, 20, 61, 3}, {61, 9, 20, 9}, {55, 16, 61, 16},
            {62, 20, 62, 3}};
        List<Arguments> out = new ArrayList<>();
        for (KernelPath p : KernelPath.all()) {
            for (int[] s : shapes) {
                out.add(Arguments.of(p, s[0], s[1], s[2], s[3]));
            }
        }
        return out.stream();
    }

    static List<KernelPath> paths() {
        return KernelPath.all();
    }

    /** Distinct NTT primes for a shape (inputs and outputs pairwise different). */
    private static Modulus[][] primes(int inBits, int kin, int outBits, int kout) {
        List<Long> a = Primes.nttPrimes(inBits, 16, kin + (inBits == outBits ? kout : 0));
        List<Long> b = inBits == outBits ? a.subList(kin, kin + kout) : Primes.nttPrimes(outBits, 16, kout);
        Modulus[] from = new Modulus[kin];
        Modulus[] to = new Modulus[kout];
        for (int i = 0; i < kin; i++) {
            from[i] = Modulus.of(a.get(i));
        }
        for (int j = 0; j < kout; j++) {
            to[j] = Modulus.of(b.get(j));
        }
        return new Modulus[][] {from, to};
    }

    private static BigInteger product(Modulus[] ms) {
        BigInteger p = BigInteger.ONE;
        for (Modulus m : ms) {
            p = p.multiply(BigInteger.valueOf(m.value()));
        }
        return p;
    }

    @ParameterizedTest(name = "{0}: {2}x{1}-bit -> {4}x{3}-bit")
    @MethodSource("pathsAndShapes")
    void centeredConversionIsExact(KernelPath path, int inBits, int kin, int outBits, int kout) {
        Kernels k = path.activate();
        Modulus[][] ps = primes(inBits, kin, outBits, kout);
        Modulus[] from = ps[0];
        Modulus[] to = ps[1];
        BigInteger bigB = product(from);
        Random rnd = new Random(inBits * 1000L + kin * 10L + kout);
        int n = 64;
        BigInteger[] xs = new BigInteger[n];
        BigInteger half = bigB.shiftRight(1);
        for (int x = 0; x < n; x++) {
            xs[x] = new BigInteger(bigB.bitLength() + 8, rnd).mod(bigB);
        }
        // The edges: 0, B - 1, and both sides of B/2 where the centered representative flips
        // sign, as close as the 128-bit fractions resolve (B 2^-40 away; see RnsConversion.centered).
        BigInteger gap = bigB.shiftRight(40).max(BigInteger.TWO);
        xs[0] = BigInteger.ZERO;
        xs[1] = bigB.subtract(BigInteger.ONE);
        xs[2] = half.subtract(gap);
        xs[3] = half.add(gap);
        long[] in = new long[kin * n + 5];
        for (int x = 0; x < n; x++) {
            for (int i = 0; i < kin; i++) {
                in[5 + i * n + x] = xs[x].mod(BigInteger.valueOf(from[i].value())).longValueExact();
            }
        }
        long[] out = new long[kout * n + 3];
        k.rnsConvert(RnsConversion.centered(from, to), in, 5, null, 0, out, 3, n);
        for (int x = 0; x < n; x++) {
            BigInteger centered = xs[x].compareTo(half) > 0 ? xs[x].subtract(bigB) : xs[x];
            for (int j = 0; j < kout; j++) {
                long want = centered.mod(BigInteger.valueOf(to[j].value())).longValueExact();
                assertEquals(want, out[3 + j * n + x], "coefficient " + x + ", output prime " + j);
            }
        }
    }

    @ParameterizedTest(name = "{0}: {2}x{1}-bit -> {4}x{3}-bit")
    @MethodSource("pathsAndShapes")
    void generalFormWithDiagonalMatchesBigIntegers(KernelPath path, int inBits, int kin, int outBits, int kout) {
        Kernels k = path.activate();
        Modulus[][] ps = primes(inBits, kin, outBits, kout);
        Modulus[] from = ps[0];
        Modulus[] to = ps[1];
        Random rnd = new Random(7 + inBits + kin * 31L + kout);
        long[] w = new long[kin];
        long[][] f = new long[kin][];
        BigInteger[] fBig = new BigInteger[kin];
        for (int i = 0; i < kin; i++) {
            w[i] = Math.floorMod(rnd.nextLong(), from[i].value());
            fBig[i] = new BigInteger(128, rnd);
            f[i] = new long[] {fBig[i].shiftRight(64).longValue(), fBig[i].longValue()};
        }
        long[][] m = new long[kout][kin];
        long[] v = new long[kout];
        long[] d = new long[kout];
        for (int j = 0; j < kout; j++) {
            long c = to[j].value();
            for (int i = 0; i < kin; i++) {
                // Include the largest entries (all of them for 62-bit primes: the sums' worst case).
                m[j][i] = i % 3 == 0 || inBits == 62 ? c - 1 : Math.floorMod(rnd.nextLong(), c);
            }
            v[j] = Math.floorMod(rnd.nextLong(), c);
            d[j] = Math.floorMod(rnd.nextLong(), c);
        }
        RnsConversion conv = RnsConversion.of(from, w, f, to, m, v, d);
        int n = 40;
        long[] in = new long[kin * n];
        long[] diag = new long[kout * n];
        for (int i = 0; i < kin; i++) {
            for (int x = 0; x < n; x++) {
                in[i * n + x] = x == 0 ? from[i].value() - 1 : Math.floorMod(rnd.nextLong(), from[i].value());
            }
            // Coefficient 1 makes every w_i = x_i W_i mod b_i its largest value, b_i - 1.
            BigInteger bi = BigInteger.valueOf(from[i].value());
            in[i * n + 1] = bi.subtract(BigInteger.ONE).multiply(BigInteger.valueOf(w[i]).modInverse(bi)).mod(bi).longValueExact();
        }
        for (int j = 0; j < kout; j++) {
            for (int x = 0; x < n; x++) {
                diag[j * n + x] = Math.floorMod(rnd.nextLong(), to[j].value());
            }
        }
        long[] out = new long[kout * n];
        int uncertain = k.rnsConvert(conv, in, 0, diag, 0, out, 0, n);
        int expectUncertain = 0;
        for (int x = 0; x < n; x++) {
            BigInteger[] wi = new BigInteger[kin];
            BigInteger fsum = BigInteger.ZERO;
            for (int i = 0; i < kin; i++) {
                wi[i] = BigInteger.valueOf(in[i * n + x]).multiply(BigInteger.valueOf(w[i]))
                        .mod(BigInteger.valueOf(from[i].value()));
                fsum = fsum.add(wi[i].multiply(fBig[i]));
            }
            BigInteger round = fsum.add(TWO_128.shiftRight(1)).shiftRight(128);
            BigInteger frac = fsum.mod(TWO_128);
            if (frac.compareTo(TWO_128.shiftRight(2)) >= 0 && frac.compareTo(TWO_128.shiftRight(2).multiply(BigInteger.valueOf(3))) < 0) {
                expectUncertain++;
            }
            for (int j = 0; j < kout; j++) {
                BigInteger y = round.multiply(BigInteger.valueOf(v[j]))
                        .add(BigInteger.valueOf(diag[j * n + x]).multiply(BigInteger.valueOf(d[j])));
                for (int i = 0; i < kin; i++) {
                    y = y.add(wi[i].multiply(BigInteger.valueOf(m[j][i])));
                }
                long want = y.mod(BigInteger.valueOf(to[j].value())).longValueExact();
                assertEquals(want, out[j * n + x], "coefficient " + x + ", output prime " + j);
            }
        }
        assertEquals(expectUncertain, uncertain, "coefficients with a fraction in [1/4, 3/4)");
        assertTrue(expectUncertain > 0 && expectUncertain < n, "random fractions give some of each");
    }

    static Stream<Arguments> pathsAndRoundingShapes() {
        // Decryption's shape: zero matrix, V = 1, no diagonal (the native kernel's short path
        // when the input primes sum below 2^64; the last shape does not).
        int[][] shapes = {{44, 4, 20, 1}, {49, 8, 20, 1}, {61, 3, 17, 1}, {61, 9, 20, 1}};
        List<Arguments> out = new ArrayList<>();
        for (KernelPath p : KernelPath.all()) {
            for (int[] s : shapes) {
                out.add(Arguments.of(p, s[0], s[1], s[2], s[3]));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: {2}x{1}-bit -> {4}x{3}-bit")
    @MethodSource("pathsAndRoundingShapes")
    void scaleAndRoundAloneMatchesBigIntegers(KernelPath path, int inBits, int kin, int outBits, int kout) {
        Kernels k = path.activate();
        Modulus[][] ps = primes(inBits, kin, outBits, kout);
        Random rnd = new Random(11 + inBits + kin * 31L);
        long[] w = new long[kin];
        long[][] f = new long[kin][];
        BigInteger[] fBig = new BigInteger[kin];
        for (int i = 0; i < kin; i++) {
            w[i] = Math.floorMod(rnd.nextLong(), ps[0][i].value());
            fBig[i] = new BigInteger(128, rnd);
            f[i] = new long[] {fBig[i].shiftRight(64).longValue(), fBig[i].longValue()};
        }
        long[] ones = new long[kout];
        java.util.Arrays.fill(ones, 1);
        RnsConversion conv = RnsConversion.of(ps[0], w, f, ps[1], new long[kout][kin], ones, null);
        int n = 43; // not a multiple of the kernel's block of 4: the tail runs too
        long[] in = new long[kin * n];
        for (int i = 0; i < kin; i++) {
            for (int x = 0; x < n; x++) {
                in[i * n + x] = x == 0 ? ps[0][i].value() - 1 : Math.floorMod(rnd.nextLong(), ps[0][i].value());
            }
        }
        long[] out = new long[kout * n];
        int uncertain = k.rnsConvert(conv, in, 0, null, 0, out, 0, n);
        int expectUncertain = 0;
        for (int x = 0; x < n; x++) {
            BigInteger fsum = BigInteger.ZERO;
            for (int i = 0; i < kin; i++) {
                BigInteger wi = BigInteger.valueOf(in[i * n + x]).multiply(BigInteger.valueOf(w[i]))
                        .mod(BigInteger.valueOf(ps[0][i].value()));
                fsum = fsum.add(wi.multiply(fBig[i]));
            }
            BigInteger frac = fsum.mod(TWO_128);
            if (frac.compareTo(TWO_128.shiftRight(2)) >= 0 && frac.compareTo(TWO_128.shiftRight(2).multiply(BigInteger.valueOf(3))) < 0) {
                expectUncertain++;
            }
            BigInteger round = fsum.add(TWO_128.shiftRight(1)).shiftRight(128);
            for (int j = 0; j < kout; j++) {
                assertEquals(round.mod(BigInteger.valueOf(ps[1][j].value())).longValueExact(), out[j * n + x],
                        "coefficient " + x);
            }
        }
        assertEquals(expectUncertain, uncertain);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void reduceAddMatchesBigIntegers(KernelPath path) {
        Kernels k = path.activate();
        Random rnd = new Random(99);
        long[] moduli = {2, 3, 1L << 20, 65537, (1L << 61) - 1, (1L << 62) - 57, 1L << 61, 4611686018427387847L};
        for (long qv : moduli) {
            Modulus q = Modulus.of(qv);
            int len = 67;
            long[] in = new long[len];
            for (int i = 0; i < len; i++) {
                in[i] = rnd.nextLong();
            }
            in[0] = -1L; // 2^64 - 1
            in[1] = 0;
            in[2] = qv;
            long addend = Math.floorMod(rnd.nextLong(), qv);
            long[] out = new long[len];
            k.reduceAdd(q, in, 0, addend, out, 0, len);
            for (int i = 0; i < len; i++) {
                BigInteger want = new BigInteger(Long.toUnsignedString(in[i])).add(BigInteger.valueOf(addend))
                        .mod(BigInteger.valueOf(qv));
                assertEquals(want.longValueExact(), out[i], "q=" + qv + " i=" + i);
            }
            long[] inPlace = in.clone();
            k.reduceAdd(q, inPlace, 0, addend, inPlace, 0, len);
            assertArrayEquals(out, inPlace, "in place, q=" + qv);
        }
    }

    @Test
    void argumentsAreValidated() {
        Modulus[][] ps = primes(40, 2, 61, 2);
        RnsConversion c = RnsConversion.centered(ps[0], ps[1]);
        Kernels k = Kernels.get();
        long[] buf = new long[64];
        assertThrows(KernelArgumentException.class, () -> k.rnsConvert(c, buf, 0, null, 0, buf, 8, 16),
                "output overlapping the input");
        assertThrows(KernelArgumentException.class, () -> k.rnsConvert(c, buf, 0, buf, 0, new long[64], 0, 16),
                "a diagonal for a plan without one");
        assertThrows(KernelArgumentException.class, () -> k.rnsConvert(c, buf, 40, null, 0, new long[64], 0, 16),
                "input running past the array");
        assertThrows(KernelArgumentException.class, () -> k.reduceAdd(ps[1][0], buf, 0, ps[1][0].value(), buf, 0, 4),
                "an unreduced addend");
        assertThrows(KernelArgumentException.class, () -> RnsConversion.centered(
                new Modulus[] {ps[0][0], ps[0][0]}, ps[1]), "repeated input primes");
        assertThrows(KernelArgumentException.class, () -> RnsConversion.of(ps[0], new long[] {1}, new long[][] {{0, 0}},
                ps[1], new long[][] {{0}, {0}}, new long[] {0, 0}, null), "sizes that do not match");
    }
}
