package org.veilgrid.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Modulus's precomputations in long arithmetic against BigInteger's. */
class ModulusTest {
    private static final long[] MODULI = {
        2, 3, 97, (1L << 31) - 1, 1L << 40, 1125899906826241L, (1L << 50) - 27,
        1152921504606830593L, (1L << 61) - 1, (1L << 62) - 57, (1L << 62) - 1,
    };

    @Test
    void shoupQuotientsAreExact() {
        SplittableRandom random = new SplittableRandom(5);
        for (long qv : MODULI) {
            Modulus q = Modulus.of(qv);
            BigInteger big = BigInteger.valueOf(qv);
            for (int i = 0; i < 200; i++) {
                long w = i == 0 ? 0 : i == 1 ? qv - 1 : i == 2 ? qv / 2 : random.nextLong(qv);
                long want = BigInteger.valueOf(w).shiftLeft(64).divide(big).longValue();
                assertEquals(want, q.shoup(w), "q=" + qv + " w=" + w);
            }
        }
    }

    @Test
    void inversesMatchBigIntegerAndRejectNonUnits() {
        SplittableRandom random = new SplittableRandom(6);
        for (long qv : MODULI) {
            Modulus q = Modulus.of(qv);
            BigInteger big = BigInteger.valueOf(qv);
            for (int i = 0; i < 200; i++) {
                long a = i == 0 ? 1 : i == 1 ? qv - 1 : i == 2 ? -3 : random.nextLong();
                BigInteger ba = BigInteger.valueOf(a);
                if (ba.gcd(big).equals(BigInteger.ONE)) {
                    assertEquals(ba.modInverse(big).longValueExact(), q.inverse(a), "q=" + qv + " a=" + a);
                } else {
                    long x = a;
                    assertThrows(KernelArgumentException.class, () -> q.inverse(x), "q=" + qv + " a=" + a);
                }
            }
        }
    }
}
