package org.veilgrid.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PrimesTest {
    @Test
    void isPrimeAgreesWithBigInteger() {
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 20_000; i++) {
            long n = r.nextLong(1L << 62);
            if (i % 2 == 0) {
                n |= 1;
            }
            assertEquals(BigInteger.valueOf(n).isProbablePrime(64), Primes.isPrime(n), "n=" + n);
        }
        for (long n = 0; n < 2000; n++) {
            assertEquals(BigInteger.valueOf(n).isProbablePrime(64), Primes.isPrime(n), "n=" + n);
        }
        // Strong pseudoprimes to several small bases.
        assertEquals(false, Primes.isPrime(3215031751L));
        assertEquals(false, Primes.isPrime(3825123056546413051L));
        assertTrue(Primes.isPrime((1L << 61) - 1));
    }

    @Test
    void nttPrimesHaveTheRightShape() {
        for (int logN = 4; logN <= 17; logN++) {
            int n = 1 << logN;
            List<Long> ps = Primes.nttPrimes(60, n, 4);
            assertEquals(4, ps.size());
            long prev = Long.MAX_VALUE;
            for (long p : ps) {
                assertEquals(60, 64 - Long.numberOfLeadingZeros(p));
                assertEquals(1, p % (2L * n));
                assertTrue(BigInteger.valueOf(p).isProbablePrime(64));
                assertTrue(p < prev, "strictly decreasing and distinct");
                prev = p;
            }
        }
    }

    @Test
    void minimalRootIsPrimitiveAndMinimal() {
        for (int n : new int[] {16, 64, 1024}) {
            long q = Primes.nttPrimes(20 + Integer.numberOfTrailingZeros(n), n, 1).get(0);
            Modulus m = Modulus.of(q);
            long psi = Primes.minimalPrimitiveRoot(q, n);
            assertEquals(q - 1, m.pow(psi, n), "psi^N = -1");
            // Brute force: no smaller element is a primitive 2N-th root.
            for (long x = 2; x < psi; x++) {
                boolean primitive = m.pow(x, n) == q - 1;
                assertTrue(!primitive, x + " is a smaller primitive root than " + psi);
            }
        }
    }

    @Test
    void knownSmallCase() {
        // q = 12289 (1 mod 2048), N = 1024: the smallest primitive 2048-th root can be found by hand search.
        long psi = Primes.minimalPrimitiveRoot(12289, 1024);
        Modulus m = Modulus.of(12289);
        assertEquals(12288, m.pow(psi, 1024));
        assertEquals(1, m.pow(psi, 2048));
    }

    @Test
    void rejectsImpossibleRequests() {
        assertThrows(KernelArgumentException.class, () -> Primes.nttPrimes(63, 1024, 1));
        assertThrows(KernelArgumentException.class, () -> Primes.nttPrimes(11, 1024, 1));
        assertThrows(KernelArgumentException.class, () -> Primes.nttPrimes(40, 1000, 1));
        assertThrows(KernelArgumentException.class, () -> Primes.nttPrimes(14, 1024, 100));
        assertThrows(KernelArgumentException.class, () -> Primes.minimalPrimitiveRoot(12289, 8192));
    }
}
