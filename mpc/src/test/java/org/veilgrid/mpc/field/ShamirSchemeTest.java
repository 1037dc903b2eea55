package org.veilgrid.mpc.field;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.ParameterException;

class ShamirSchemeTest {

    private final FieldPrg prg = FieldPrg.fromSecureRandom(new SecureRandom());

    static List<int[]> subsets(int n, int size) {
        List<int[]> out = new ArrayList<>();
        for (int mask = 0; mask < (1 << n); mask++) {
            if (Integer.bitCount(mask) == size) {
                int[] s = new int[size];
                int k = 0;
                for (int i = 0; i < n; i++) {
                    if ((mask & (1 << i)) != 0) {
                        s[k++] = i;
                    }
                }
                out.add(s);
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 5, 7, 9})
    void everySetOfTPlusOneReconstructs(int n) {
        ShamirScheme scheme = new ShamirScheme(n, ShamirScheme.maxThreshold(n));
        int t = scheme.threshold();
        int m = 17;
        long[] secrets = prg.nextElements(m);
        long[][] shares = scheme.share(secrets, m, prg);
        for (int[] set : subsets(n, t + 1)) {
            long[][] chosen = new long[set.length][];
            for (int j = 0; j < set.length; j++) {
                chosen[j] = shares[set[j]];
            }
            assertArrayEquals(secrets, scheme.reconstruct(set, chosen, m));
        }
        // t shares are not enough: interpolating a t-subset gives some other value.
        int[] small = subsets(n, t).get(0);
        long[][] chosen = new long[t][];
        for (int j = 0; j < t; j++) {
            chosen[j] = shares[small[j]];
        }
        assertFalse(java.util.Arrays.equals(secrets, scheme.reconstruct(small, chosen, m)));
    }

    @Test
    void productOfSharingsHasDegreeTwoT() {
        ShamirScheme scheme = new ShamirScheme(5, 2);
        int m = 8;
        long[] x = prg.nextElements(m);
        long[] y = prg.nextElements(m);
        long[][] xs = scheme.share(x, m, prg);
        long[][] ys = scheme.share(y, m, prg);
        long[][] products = new long[5][2 * m];
        for (int i = 0; i < 5; i++) {
            FieldVectors.mul(xs[i], ys[i], products[i], m);
        }
        long[] expected = new long[2 * m];
        FieldVectors.mul(x, y, expected, m);
        assertArrayEquals(expected, scheme.reconstruct(new int[] {0, 1, 2, 3, 4}, products, m));
    }

    @Test
    void lagrangeCoefficientsMatchBigInteger() {
        ShamirScheme scheme = new ShamirScheme(7, 3);
        int[] set = {1, 3, 4, 6};
        long[] lambda = scheme.lagrangeAtZero(set);
        BigInteger p = Mersenne127.P;
        for (int j = 0; j < set.length; j++) {
            BigInteger num = BigInteger.ONE;
            BigInteger den = BigInteger.ONE;
            for (int k = 0; k < set.length; k++) {
                if (k != j) {
                    num = num.multiply(BigInteger.valueOf(set[k] + 1));
                    den = den.multiply(BigInteger.valueOf(set[k] - set[j]));
                }
            }
            assertEquals(num.multiply(den.modInverse(p)).mod(p),
                    Mersenne127.toBigInteger(lambda[2 * j], lambda[2 * j + 1]));
        }
    }

    @Test
    void rejectsDishonestMajorityAndBadSets() {
        assertThrows(ParameterException.class, () -> new ShamirScheme(4, 2));
        assertThrows(ParameterException.class, () -> new ShamirScheme(3, 0));
        assertThrows(ParameterException.class, () -> new ShamirScheme(2, 1));
        ShamirScheme scheme = new ShamirScheme(3, 1);
        assertThrows(ParameterException.class, () -> scheme.lagrangeAtZero(new int[] {0, 0}));
        assertThrows(ParameterException.class, () -> scheme.lagrangeAtZero(new int[] {0, 3}));
        assertThrows(ParameterException.class, () -> scheme.share(new long[2], 1, 3, prg));
    }

    @Test
    void additiveSharesSumToSecret() {
        long[] secrets = prg.nextElements(9);
        long[][] shares = AdditiveSharing.share(secrets, 9, 4, prg);
        assertEquals(4, shares.length);
        assertArrayEquals(secrets, AdditiveSharing.reconstruct(shares, 9));
    }
}
