package org.veilgrid.fhe.ckks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.veilgrid.core.errors.ParameterException;

class CkksEncoderTest {
    private static final SplittableRandom RANDOM = new SplittableRandom(2026);

    private static double[] random(int count, double bound) {
        double[] v = new double[count];
        for (int i = 0; i < count; i++) {
            v[i] = (RANDOM.nextDouble() * 2 - 1) * bound;
        }
        return v;
    }

    /** m(&zeta;^(5^j)) for &zeta; = e^(i&pi;/N), straight from the definition. */
    private static double[][] naiveSlots(double[] m) {
        int n = m.length;
        int slots = n / 2;
        double[][] out = new double[2][slots];
        long g = 1;
        for (int j = 0; j < slots; j++) {
            double re = 0;
            double im = 0;
            for (int k = 0; k < n; k++) {
                long e = (k * g) % (2L * n);
                double angle = Math.PI * e / n;
                re += m[k] * Math.cos(angle);
                im += m[k] * Math.sin(angle);
            }
            out[0][j] = re;
            out[1][j] = im;
            g = g * 5 % (2L * n);
        }
        return out;
    }

    @ParameterizedTest(name = "N = {0}")
    @ValueSource(ints = {4, 8, 64, 1024})
    void decodingIsTheCanonicalEmbeddingAtThePowersOfFive(int n) {
        CkksEncoder encoder = new CkksEncoder(n);
        long[] m = new long[n];
        double[] md = new double[n];
        for (int i = 0; i < n; i++) {
            m[i] = RANDOM.nextLong(-1000, 1001);
            md[i] = m[i];
        }
        ComplexSlots slots = encoder.decode(m, 1.0);
        double[][] expected = naiveSlots(md);
        assertTrue(slots.maxDistance(expected[0], expected[1], n / 2) < 1e-6 * n, "N = " + n);
    }

    @ParameterizedTest(name = "N = {0}")
    @ValueSource(ints = {8192, 16384, 32768})
    void encodingRoundTripsWithinTheRoundingBound(int n) {
        CkksEncoder encoder = new CkksEncoder(n);
        double[] re = random(n / 2, 1.0);
        double[] im = random(n / 2, 1.0);
        double scale = 0x1p40;
        ComplexSlots back = encoder.decode(encoder.encode(re, im, scale), scale);
        double error = back.maxDistance(re, im, n / 2);
        // Rounding each coefficient by at most 1/2 moves a slot by at most N/(2 scale); the
        // typical error is about sqrt(N)/scale.
        assertTrue(error < n / (2 * scale), "error " + error);
        double bits = -Math.log(error) / Math.log(2);
        assertTrue(bits > 40 - Math.log(n) / Math.log(2), "precision " + bits + " bits");
    }

    @Test
    void realValuesEncodeToARealPolynomialAndComeBackReal() {
        CkksEncoder encoder = new CkksEncoder(1024);
        double[] values = random(300, 10);
        ComplexSlots back = encoder.decode(encoder.encode(values, 0x1p30), 0x1p30);
        assertTrue(back.maxDistance(values, new double[0], 512) < 1e-6);
        for (int j = 0; j < 512; j++) {
            assertTrue(Math.abs(back.imaginary(j)) < 1e-6);
        }
    }

    /** a(X) to a(X^g) in Z[X]/(X^N + 1). */
    private static long[] automorphism(long[] a, long g) {
        int n = a.length;
        long[] out = new long[n];
        for (int k = 0; k < n; k++) {
            long e = (k * g) % (2L * n);
            if (e < n) {
                out[(int) e] += a[k];
            } else {
                out[(int) (e - n)] -= a[k];
            }
        }
        return out;
    }

    @Test
    void theGaloisMapsRotateAndConjugateTheSlots() {
        int n = 256;
        CkksEncoder encoder = new CkksEncoder(n);
        double[] re = random(n / 2, 1);
        double[] im = random(n / 2, 1);
        double scale = 0x1p30;
        long[] p = encoder.encode(re, im, scale);
        // X -> X^5 rotates left by one slot; X -> X^(5^3) by three.
        for (int steps : new int[] {1, 3}) {
            long g = 1;
            for (int s = 0; s < steps; s++) {
                g = g * 5 % (2L * n);
            }
            ComplexSlots rotated = encoder.decode(automorphism(p, g), scale);
            double[] er = new double[n / 2];
            double[] ei = new double[n / 2];
            for (int j = 0; j < n / 2; j++) {
                er[j] = re[(j + steps) % (n / 2)];
                ei[j] = im[(j + steps) % (n / 2)];
            }
            assertTrue(rotated.maxDistance(er, ei, n / 2) < 1e-6, "rotation by " + steps);
        }
        // X -> X^(2N - 1) = X^-1 conjugates.
        ComplexSlots conjugated = encoder.decode(automorphism(p, 2L * n - 1), scale);
        double[] negIm = new double[n / 2];
        for (int j = 0; j < n / 2; j++) {
            negIm[j] = -im[j];
        }
        assertTrue(conjugated.maxDistance(re, negIm, n / 2) < 1e-6);
    }

    @Test
    void productsOfEncodingsDecodeToSlotwiseProducts() {
        int n = 64;
        CkksEncoder encoder = new CkksEncoder(n);
        double[] ar = random(n / 2, 1);
        double[] ai = random(n / 2, 1);
        double[] br = random(n / 2, 1);
        double[] bi = random(n / 2, 1);
        double scale = 0x1p20;
        long[] a = encoder.encode(ar, ai, scale);
        long[] b = encoder.encode(br, bi, scale);
        long[] c = new long[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int k = i + j;
                long t = a[i] * b[j];
                if (k < n) {
                    c[k] += t;
                } else {
                    c[k - n] -= t;
                }
            }
        }
        double[] pr = new double[n / 2];
        double[] pi = new double[n / 2];
        for (int j = 0; j < n / 2; j++) {
            pr[j] = ar[j] * br[j] - ai[j] * bi[j];
            pi[j] = ar[j] * bi[j] + ai[j] * br[j];
        }
        assertTrue(encoder.decode(c, scale * scale).maxDistance(pr, pi, n / 2) < 1e-4);
    }

    @Test
    void badInputIsRefusedWithoutEchoingValues() {
        CkksEncoder encoder = new CkksEncoder(16);
        assertThrows(ParameterException.class, () -> new CkksEncoder(12));
        assertThrows(ParameterException.class, () -> new CkksEncoder(2));
        assertThrows(ParameterException.class, () -> encoder.encode(new double[9], 1.0));
        assertThrows(ParameterException.class, () -> encoder.encode(new double[] {1}, 0));
        assertThrows(ParameterException.class, () -> encoder.encode(new double[] {1}, Double.NaN));
        ParameterException nan = assertThrows(ParameterException.class, () -> encoder.encode(new double[] {Double.NaN}, 1.0));
        assertEquals("slot 0 holds a value that is not finite", nan.getMessage());
        ParameterException big = assertThrows(ParameterException.class, () -> encoder.encode(new double[] {123456.789e20}, 0x1p40));
        assertTrue(!big.getMessage().contains("123") && big.getMessage().contains("2^62"), big.getMessage());
        assertThrows(ParameterException.class, () -> encoder.decode(new long[15], 1.0));
        assertEquals("ComplexSlots(8 slots)", encoder.decode(new long[16], 1.0).toString());
    }
}
