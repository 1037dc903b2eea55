package org.veilgrid.mpc.aggregation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.kernels.Kernels;
import org.veilgrid.kernels.Modulus;
import org.veilgrid.kernels.NttTables;

class SeedHomomorphicPrgTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AggregationParams PARAMS = AggregationParams.of(2 * AggregationParams.RING_DEGREE + 100, 100, 1000);

    private static byte[] seed() {
        byte[] s = new byte[SeedHomomorphicPrg.SEED_BYTES];
        RANDOM.nextBytes(s);
        return s;
    }

    @Test
    void outputsAreRoundedRingProductsRecomputedPlainly() {
        byte[] seed = seed();
        SeedHomomorphicPrg g = new SeedHomomorphicPrg(PARAMS, seed);
        long[] k = SeedHomomorphicPrg.newKey(RANDOM);
        long[] y = g.expand(k);
        assertEquals(PARAMS.maskedLength(), y.length);
        int n = AggregationParams.RING_DEGREE;
        Modulus q = AggregationParams.keyModulus();
        BigInteger bq = BigInteger.valueOf(q.value());
        BigInteger bp = BigInteger.valueOf(AggregationParams.plainModulus().value());
        NttTables ntt = NttTables.create(n, q.value());
        for (int block = 0; block < PARAMS.blocks(); block++) {
            // a_j in coefficient form, from the public seed's stream j.
            long[] a = new long[n];
            Kernels.java().uniform(seed, block, q, a);
            Kernels.java().inverse(ntt, a);
            for (int c : new int[] {0, 1, 77, n / 2, n - 1}) {
                int row = block * n + c;
                if (row >= y.length) {
                    continue;
                }
                // coefficient c of a * k in Z_q[X]/(X^N + 1), then round(p x / q) mod p.
                long x = 0;
                for (int i = 0; i < n; i++) {
                    int j = c - i;
                    long term = q.mul(a[i], k[Math.floorMod(j, n)]);
                    x = j >= 0 ? q.add(x, term) : q.sub(x, term);
                }
                long want = BigInteger.valueOf(x).multiply(bp).add(bq.shiftRight(1)).divide(bq).mod(bp).longValueExact();
                assertEquals(want, y[row], "block " + block + " coefficient " + c);
            }
        }
    }

    @Test
    void nativeAndJavaTwinsAgree() {
        byte[] seed = seed();
        long[] k = SeedHomomorphicPrg.newKey(RANDOM);
        long[] viaJava = new SeedHomomorphicPrg(PARAMS, seed, Kernels.java()).expand(k);
        long[] viaBest = new SeedHomomorphicPrg(PARAMS, seed, Kernels.get()).expand(k);
        assertArrayEquals(viaJava, viaBest);
    }

    @Test
    void sumsOfOutputsAreTheOutputOfTheSumUpToTheRoundingError() {
        SeedHomomorphicPrg g = new SeedHomomorphicPrg(PARAMS, seed());
        Modulus q = AggregationParams.keyModulus();
        long p = AggregationParams.plainModulus().value();
        int clients = 25;
        long[] keySum = new long[AggregationParams.RING_DEGREE];
        long[] outSum = new long[PARAMS.maskedLength()];
        for (int c = 0; c < clients; c++) {
            long[] k = SeedHomomorphicPrg.newKey(RANDOM);
            Kernels.get().add(q, keySum, k, keySum);
            long[] y = g.expand(k);
            for (int i = 0; i < y.length; i++) {
                outSum[i] += y[i];
            }
        }
        long[] direct = g.expand(keySum);
        long worst = 0;
        for (int i = 0; i < direct.length; i++) {
            long d = (outSum[i] - direct[i]) & (p - 1);
            if (d >= p / 2) {
                d -= p;
            }
            worst = Math.max(worst, Math.abs(d));
        }
        assertTrue(worst <= (clients + 1) / 2, "seed-homomorphism error " + worst + " exceeds (n+1)/2");
        assertTrue(worst >= 1, "rounding errors should show up somewhere");
    }

    @Test
    void differentSeedsGiveDifferentMatricesAndBadKeysAreRefused() {
        long[] k = SeedHomomorphicPrg.newKey(RANDOM);
        long[] a = new SeedHomomorphicPrg(PARAMS, seed()).expand(k);
        long[] b = new SeedHomomorphicPrg(PARAMS, seed()).expand(k);
        assertTrue(!java.util.Arrays.equals(a, b));
        SeedHomomorphicPrg g = new SeedHomomorphicPrg(PARAMS, seed());
        assertThrows(ParameterException.class, () -> g.expand(new long[10]));
        long[] bad = k.clone();
        bad[3] = AggregationParams.keyModulus().value();
        assertThrows(ParameterException.class, () -> g.expand(bad));
        assertThrows(ParameterException.class, () -> new SeedHomomorphicPrg(PARAMS, new byte[5]));
    }

    @Test
    void parametersRefuseSumsThatDoNotFit() {
        assertThrows(ParameterException.class, () -> AggregationParams.of(10, 1 << 20, 1L << 40));
        assertThrows(ParameterException.class, () -> AggregationParams.of(0, 10, 10));
        assertThrows(ParameterException.class, () -> AggregationParams.of(10, 0, 10));
        AggregationParams ok = AggregationParams.of(100_000, 10_000, 1 << 20);
        assertEquals(16, ok.deltaBits());
    }
}
