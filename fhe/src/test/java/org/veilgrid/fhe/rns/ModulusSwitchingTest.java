package org.veilgrid.fhe.rns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.veilgrid.kernels.Primes;

class ModulusSwitchingTest {

    @Test
    void droppingTheLastPrimeIsRoundedDivisionOfTheCenteredIntegers() {
        int n = 1024;
        long[] primes = Primes.nttPrimes(40, n, 4).stream().mapToLong(Long::longValue).toArray();
        long special = Primes.nttPrimes(45, n, 1).get(0);
        RingLevel level = new RingLevel(n, primes, special);
        RingLevel next = new RingLevel(n, java.util.Arrays.copyOf(primes, 3), special);
        SplittableRandom random = new SplittableRandom(9);
        RnsPoly c = new RnsPoly(n, 4, false);
        BigInteger q = BigInteger.ONE;
        for (long p : primes) {
            q = q.multiply(BigInteger.valueOf(p));
        }
        // Random integers in [0, Q), their residues, and round(x / q_last) with x centered.
        BigInteger[] x = new BigInteger[n];
        for (int j = 0; j < n; j++) {
            x[j] = new BigInteger(q.bitLength() + 8, new java.util.Random(random.nextLong())).mod(q);
            if (j < 4) {
                x[j] = j == 0 ? BigInteger.ZERO : j == 1 ? q.subtract(BigInteger.ONE) : q.shiftRight(1).add(BigInteger.valueOf(j - 2));
            }
            for (int i = 0; i < 4; i++) {
                c.data[i * n + j] = x[j].mod(BigInteger.valueOf(primes[i])).longValueExact();
            }
        }
        PolyArithmetic.toNtt(level.basis(), c);
        RnsPoly out = ModulusSwitching.divideAndRoundByLastPrime(level, c);
        // The two-polynomial form (a ciphertext's rescale) gives each the one-polynomial result.
        RnsPoly other = RnsPoly.over(c.data.clone(), true);
        for (int i = 0; i < other.data.length; i++) {
            other.data[i] = (other.data[i] * 7 + 3) % primes[i / n];
        }
        RnsPoly[] pair = ModulusSwitching.divideAndRoundByLastPrime(level, c, other);
        assertArrayEquals(out.data, pair[0].data);
        assertArrayEquals(ModulusSwitching.divideAndRoundByLastPrime(level, other).data, pair[1].data);
        PolyArithmetic.fromNtt(next.basis(), out);
        BigInteger qLast = BigInteger.valueOf(primes[3]);
        long[] expected = new long[3 * n];
        for (int j = 0; j < n; j++) {
            BigInteger centered = x[j].compareTo(q.shiftRight(1)) > 0 ? x[j].subtract(q) : x[j];
            // round(centered / q_last), halves rounded as (c - delta)/q with delta in (-q/2, q/2].
            BigInteger delta = centered.mod(qLast);
            if (delta.compareTo(qLast.shiftRight(1)) > 0) {
                delta = delta.subtract(qLast);
            }
            BigInteger y = centered.subtract(delta).divide(qLast);
            for (int i = 0; i < 3; i++) {
                expected[i * n + j] = y.mod(BigInteger.valueOf(primes[i])).longValueExact();
            }
        }
        assertArrayEquals(expected, out.data);
    }
}
