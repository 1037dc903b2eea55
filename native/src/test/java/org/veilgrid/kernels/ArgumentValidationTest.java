package org.veilgrid.kernels;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad arguments are refused with a clear message by every path, before any kernel runs. */
class ArgumentValidationTest {
    private static final long Q = 1152921504606830593L; // 60-bit, 1 mod 2^17

    @AfterAll
    static void restore() {
        KernelPath.restoreBest();
    }

    static List<KernelPath> paths() {
        return KernelPath.all();
    }

    private static void assertRejected(Executable call, String messagePart) {
        KernelArgumentException e = assertThrows(KernelArgumentException.class, call);
        assertTrue(e.getMessage().contains(messagePart), "message '" + e.getMessage() + "' should mention '" + messagePart + "'");
    }

    @Test
    void moduliOutsideTheSupportedRangeAreRejected() {
        assertRejected(() -> Modulus.of(1L << 62), "below 2^62");
        assertRejected(() -> Modulus.of(Long.MAX_VALUE), "below 2^62");
        assertRejected(() -> Modulus.of(-5), "at least 2");
        assertRejected(() -> Modulus.of(1), "at least 2");
    }

    @Test
    void nonNttFriendlyModuliAreRejected() {
        assertRejected(() -> NttTables.create(1024, 12289 + 2), "not 1 mod 2N"); // 12291 not 1 mod 2048
        assertRejected(() -> NttTables.create(1024, 2049L * 3 * 2048 + 1), "not prime"); // 1 mod 2048, composite
        assertRejected(() -> NttTables.create(8192, 12289), "not 1 mod 2N"); // 12289 is only 1 mod 4096
        assertRejected(() -> NttTables.create(1024, (1L << 62) + 1), "below 2^62");
        assertRejected(() -> NttTables.create(1000, 12289), "power of two");
        assertRejected(() -> NttTables.create(8, 17), "between 2^4");
        assertRejected(() -> NttTables.create(1 << 18, Q), "between 2^4");
        assertRejected(() -> RnsNttTables.create(1024, 12289, 12289), "distinct");
        assertRejected(() -> RnsNttTables.of(List.of(NttTables.create(1024, 12289), NttTables.create(2048, 12289))),
                "same N");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void wrongLengthsAndOffsetsAreRejected(KernelPath path) {
        Kernels k = path.activate();
        Modulus q = Modulus.of(Q);
        NttTables t = NttTables.create(1024, Q);
        RnsNttTables rns = RnsNttTables.create(1024, Q, Primes.nttPrimes(50, 1024, 1).get(0));
        long[] a = new long[1024];
        assertRejected(() -> k.forward(t, new long[1023]), "1024 coefficients");
        assertRejected(() -> k.inverse(t, new long[2048]), "1024 coefficients");
        assertRejected(() -> k.forward(t, a, 1), "outside");
        assertRejected(() -> k.forward(rns, new long[1024]), "2048 coefficients");
        assertRejected(() -> k.inverse(rns, new long[4096], 2049), "outside");
        assertRejected(() -> k.add(q, new long[3], new long[4], new long[3]), "length mismatch");
        assertRejected(() -> k.mul(q, new long[3], new long[3], new long[2]), "length mismatch");
        assertRejected(() -> k.mulAdd(q, new long[3], new long[3], new long[2], new long[3]), "length mismatch");
        assertRejected(() -> k.sub(q, a, -1, a, 0, a, 0, 5), "outside");
        assertRejected(() -> k.sub(q, a, 0, a, 0, a, 0, -1), "non-negative");
        assertRejected(() -> k.add(q, a, 0, a, 0, a, 1020, 5), "outside");
        assertRejected(() -> k.add(q, a, 0, a, 0, a, 1, 8), "overlap");
        assertRejected(() -> k.mulScalar(q, a, Q, a), "[0, q)");
        assertRejected(() -> k.subMulScalar(q, a, 0, a, 0, Q, a, 512, 8), "[0, q)");
        assertRejected(() -> k.subMulScalarAdd(q, a, 0, a, 8, 1, a, 4, 8), "overlap");
        assertRejected(() -> k.subMulScalar(q, a, 1020, a, 0, 1, new long[8], 0, 8), "outside");
        assertRejected(() -> k.uniform(new byte[31], 0, q, a), "32 bytes");
        assertRejected(() -> k.uniform(new byte[32], 0, q, a, 1000, 100), "outside");
        assertThrows(NullPointerException.class, () -> k.add(q, null, a, a));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void dotArgumentsAreChecked(KernelPath path) {
        Kernels k = path.activate();
        Modulus q = Modulus.of(Q);
        long[] a = new long[100];
        long[] b = new long[100];
        long[] out = new long[10];
        int max = Kernels.MAX_DOT_TERMS;
        assertRejected(() -> k.dot(q, a, 0, 10, b, 0, 10, 0, out, 0, 10), "terms must lie in [1, " + max + "]");
        assertRejected(() -> k.dotAdd(q, a, 0, 10, b, 0, 10, -3, out, 0, 10), "got -3");
        assertRejected(() -> k.dot(q, new long[max + 1], 0, 0, new long[max + 1], 0, 0, max + 1, out, 0, 1), "got " + (max + 1));
        assertRejected(() -> k.dot(q, a, 0, -1, b, 0, 10, 2, out, 0, 10), "aStride must be non-negative");
        assertRejected(() -> k.dotAdd(q, a, 0, 10, b, 0, -10, 2, out, 0, 10), "bStride must be non-negative");
        assertRejected(() -> k.dot(q, a, 0, 10, b, 0, 10, 2, out, 0, -1), "non-negative");
        // Ten rows of ten fit exactly; one more element, offset or row does not.
        k.dot(q, a, 0, 10, b, 0, 10, 10, out, 0, 10);
        k.dot(q, a, 90, 0, b, 0, 9, 11, out, 0, 10);
        assertRejected(() -> k.dot(q, a, 1, 10, b, 0, 10, 10, out, 0, 10), "a rows [1, 101) lie outside");
        assertRejected(() -> k.dot(q, a, 0, 10, b, 0, 10, 11, out, 0, 10), "a rows [0, 110)");
        assertRejected(() -> k.dot(q, a, 0, 10, b, 0, 11, 10, out, 0, 10), "b rows [0, 109)");
        assertRejected(() -> k.dot(q, a, -1, 10, b, 0, 10, 2, out, 0, 10), "outside");
        assertRejected(() -> k.dot(q, a, 0, 10, b, 0, 10, 2, out, 1, 10), "out[1, 11) lies outside");
        // Rows that would pass the end of any int array are refused, not wrapped around.
        assertRejected(() -> k.dot(q, a, 0, Integer.MAX_VALUE, b, 0, 1, 3, out, 0, 1), "lie outside");
        assertRejected(() -> k.dot(q, a, Integer.MAX_VALUE, 1, b, 0, 1, max, out, 0, 1), "lie outside");
        // out may share an array with a or b outside the span each is read from; a gap between
        // rows is inside the span.
        long[] m = new long[60];
        k.dot(q, m, 0, 10, m, 5, 10, 3, m, 40, 10);
        k.dotAdd(q, m, 0, 0, m, 0, 0, 50, m, 10, 0); // an empty out range overlaps nothing
        assertRejected(() -> k.dot(q, m, 0, 10, b, 0, 0, 3, m, 5, 5), "a and out overlap");
        assertRejected(() -> k.dot(q, m, 30, 1, m, 0, 21, 2, m, 25, 5), "b and out overlap");
        assertRejected(() -> k.dot(q, m, 0, 20, b, 0, 0, 3, m, 10, 5), "a and out overlap");
        assertRejected(() -> k.dotAdd(q, m, 0, 10, m, 0, 10, 3, m, 20, 10), "a and out overlap");
        assertThrows(NullPointerException.class, () -> k.dot(null, a, 0, 0, b, 0, 0, 1, out, 0, 1));
        assertThrows(NullPointerException.class, () -> k.dot(q, null, 0, 0, b, 0, 0, 1, out, 0, 1));
        assertThrows(NullPointerException.class, () -> k.dot(q, a, 0, 0, null, 0, 0, 1, out, 0, 1));
        assertThrows(NullPointerException.class, () -> k.dotAdd(q, a, 0, 0, b, 0, 0, 1, null, 0, 1));
    }
}
