package org.veilgrid.fhe.bfv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.fhe.Parallelism;
import org.veilgrid.kernels.Modulus;
import org.veilgrid.kernels.Reference;

/** Products, rotations and matrix–vector products on several threads against one thread. */
class ThreadedEvaluatorTest {
    private static final SplittableRandom RANDOM = new SplittableRandom(41);
    private static BfvContext ctx;
    private static SecretKey sk;
    private static RelinKeys rk;
    private static GaloisKeys gk;
    private static Encryptor enc;
    private static Decryptor dec;
    private static Evaluator single;
    private static Parallelism two;
    private static Parallelism three;

    @BeforeAll
    static void setUp() {
        ctx = BfvContext.create(BfvParameters.preset(BfvPreset.N4096));
        KeyGenerator kg = new KeyGenerator(ctx);
        sk = kg.secretKey();
        rk = kg.relinKeys(sk);
        gk = kg.galoisKeys(sk);
        enc = new Encryptor(ctx);
        dec = new Decryptor(ctx, sk);
        single = new Evaluator(ctx);
        two = Parallelism.threads(2);
        three = Parallelism.threads(3);
    }

    @AfterAll
    static void tearDown() {
        two.close();
        three.close();
    }

    private static long[] random() {
        return RANDOM.longs(ctx.n(), 0, ctx.parameters().plainModulus()).toArray();
    }

    private static void assertSameCiphertext(Ciphertext expected, Ciphertext actual) {
        assertEquals(expected.level(), actual.level());
        assertArrayEquals(expected.c0.data, actual.c0.data, "c0");
        assertArrayEquals(expected.c1.data, actual.c1.data, "c1");
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {2, 3})
    void productsAndRotationsAreTheSameBitForBitAsOnOneThread(int threads) {
        Evaluator threaded = new Evaluator(ctx, threads == 2 ? two : three);
        Ciphertext a = enc.encryptSymmetric(sk, Plaintext.of(ctx, random()));
        Ciphertext b = enc.encryptSymmetric(sk, Plaintext.of(ctx, random()));
        for (int level = 0; level < 2; level++) {
            assertSameCiphertext(single.multiply(a, b, rk), threaded.multiply(a, b, rk));
            assertSameCiphertext(single.square(a, rk), threaded.square(a, rk));
            assertSameCiphertext(single.rotateRows(a, 3, gk), threaded.rotateRows(a, 3, gk));
            assertSameCiphertext(single.rotateRows(a, -1, gk), threaded.rotateRows(a, -1, gk));
            assertSameCiphertext(single.swapRows(a, gk), threaded.swapRows(a, gk));
            if (level == 0) {
                // N = 4096 has two primes: the second pass runs at the last level.
                a = single.modSwitchToNext(a);
                b = single.modSwitchToNext(b);
            }
        }
    }

    @Test
    void aThreadedProductDecryptsToTheCleartextProduct() {
        Evaluator threaded = new Evaluator(ctx, two);
        long[] x = random();
        long[] y = random();
        Ciphertext product = threaded.multiply(enc.encryptSymmetric(sk, Plaintext.of(ctx, x)),
                enc.encryptSymmetric(sk, Plaintext.of(ctx, y)), rk);
        assertEquals(Plaintext.of(ctx, Reference.negacyclicMultiply(x, y, Modulus.of(ctx.parameters().plainModulus()))),
                dec.decrypt(product));
    }

    @Test
    void oneThreadedEvaluatorServesSeveralCallersAtOnce() throws Exception {
        // Callers' own threads share the pool's workers; each product keeps its own scratch.
        Evaluator threaded = new Evaluator(ctx, two);
        Modulus t = Modulus.of(ctx.parameters().plainModulus());
        ExecutorService callers = Executors.newFixedThreadPool(3);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int task = 0; task < 6; task++) {
                long[] x = random();
                long[] y = random();
                Ciphertext cx = enc.encryptSymmetric(sk, Plaintext.of(ctx, x));
                Ciphertext cy = enc.encryptSymmetric(sk, Plaintext.of(ctx, y));
                Plaintext expected = Plaintext.of(ctx, Reference.negacyclicMultiply(x, y, t));
                Ciphertext expectedRotation = single.rotateRows(cx, 1, gk);
                results.add(callers.submit(() -> {
                    boolean ok = true;
                    for (int i = 0; i < 3; i++) {
                        ok &= expected.equals(dec.decrypt(threaded.multiply(cx, cy, rk)));
                        Ciphertext r = threaded.rotateRows(cx, 1, gk);
                        ok &= java.util.Arrays.equals(expectedRotation.c0.data, r.c0.data)
                                && java.util.Arrays.equals(expectedRotation.c1.data, r.c1.data);
                    }
                    return ok;
                }));
            }
            for (Future<Boolean> r : results) {
                assertTrue(r.get(120, TimeUnit.SECONDS));
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void multiplyPlainAddInPlaceAccumulatesTheProduct() {
        Modulus t = Modulus.of(ctx.parameters().plainModulus());
        long[] acc = random();
        long[] x = random();
        long[] p = random();
        Ciphertext cAcc = enc.encryptSymmetric(sk, Plaintext.of(ctx, acc));
        Ciphertext cx = enc.encryptSymmetric(sk, Plaintext.of(ctx, x));
        PreparedPlaintext prepared = single.prepare(Plaintext.of(ctx, p));
        single.multiplyPlainAddInPlace(cAcc, cx, prepared);
        long[] product = Reference.negacyclicMultiply(x, p, t);
        long[] expected = new long[acc.length];
        for (int i = 0; i < acc.length; i++) {
            expected[i] = t.add(acc[i], product[i]);
        }
        assertEquals(Plaintext.of(ctx, expected), dec.decrypt(cAcc));
        // acc may be the operand itself: x + x·p.
        single.multiplyPlainAddInPlace(cx, cx, prepared);
        long[] selfExpected = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            selfExpected[i] = t.add(x[i], product[i]);
        }
        assertEquals(Plaintext.of(ctx, selfExpected), dec.decrypt(cx));
        // A plaintext prepared for another level, or an accumulator at another level, is refused.
        Ciphertext lower = single.modSwitchToNext(enc.encryptSymmetric(sk, Plaintext.of(ctx, x)));
        assertThrows(ParameterException.class, () -> single.multiplyPlainAddInPlace(lower, lower, prepared));
        assertThrows(ParameterException.class, () -> single.multiplyPlainAddInPlace(lower, cx, prepared));
    }

    @Test
    void threadedLinearAlgebraGivesTheSameCiphertextAsOneThread() {
        int d = 64;
        long t = ctx.parameters().plainModulus();
        long[][] m = new long[d][];
        for (int i = 0; i < d; i++) {
            m[i] = RANDOM.longs(d, 0, t).toArray();
        }
        LinearAlgebra one = new LinearAlgebra(ctx);
        LinearAlgebra threaded = new LinearAlgebra(ctx, two);
        Ciphertext v = enc.encryptSymmetric(sk, one.encodeVector(RANDOM.longs(d, 0, t).toArray()));
        assertSameCiphertext(one.matVec(v, m, gk), threaded.matVec(v, threaded.prepare(m), gk));
    }
}
