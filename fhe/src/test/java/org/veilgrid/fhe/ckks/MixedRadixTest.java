package org.veilgrid.fhe.ckks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.veilgrid.kernels.Modulus;
import org.veilgrid.kernels.Primes;

class MixedRadixTest {

    @Test
    void residuesBecomeTheCenteredIntegerAsADouble() {
        int n = 64;
        Modulus[] moduli = new Modulus[4];
        BigInteger q = BigInteger.ONE;
        // Mixed sizes, the first the largest, as in the presets.
        long[] primes = {Primes.nttPrimes(49, 8192, 1).get(0), Primes.nttPrimes(40, 8192, 3).get(0),
            Primes.nttPrimes(40, 8192, 3).get(1), Primes.nttPrimes(40, 8192, 3).get(2)};
        for (int i = 0; i < 4; i++) {
            moduli[i] = Modulus.of(primes[i]);
            q = q.multiply(BigInteger.valueOf(primes[i]));
        }
        MixedRadix radix = new MixedRadix(moduli);
        Random random = new Random(12);
        BigInteger half = q.shiftRight(1);
        BigInteger[] xs = new BigInteger[n];
        long[] rows = new long[4 * n];
        for (int j = 0; j < n; j++) {
            // Small and large magnitudes of both signs, and the edges 0, ±1, (Q-1)/2, -(Q-1)/2.
            BigInteger x = switch (j) {
                case 0 -> BigInteger.ZERO;
                case 1 -> BigInteger.ONE;
                case 2 -> BigInteger.ONE.negate();
                case 3 -> half;
                case 4 -> half.negate();
                default -> new BigInteger(j % 2 == 0 ? 60 : q.bitLength() - 2, random).multiply(BigInteger.valueOf(j % 3 == 0 ? -1 : 1));
            };
            xs[j] = x;
            for (int i = 0; i < 4; i++) {
                rows[i * n + j] = x.mod(BigInteger.valueOf(primes[i])).longValueExact();
            }
        }
        long[] digits = new long[4];
        for (int j = 0; j < n; j++) {
            double expected = xs[j].doubleValue();
            double got = radix.centered(rows, n, j, digits);
            assertEquals(expected, got, Math.abs(expected) * 0x1p-50, "coefficient " + j);
        }
    }
}
