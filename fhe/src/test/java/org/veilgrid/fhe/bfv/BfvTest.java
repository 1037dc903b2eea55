package org.veilgrid.fhe.bfv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.fhe.SecurityTable;
import org.veilgrid.fhe.rns.Sampler;
import org.veilgrid.fhe.rns.Scratch;
import org.veilgrid.kernels.Kernels;
import org.veilgrid.kernels.Modulus;
import org.veilgrid.kernels.NttTables;
import org.veilgrid.kernels.Primes;
import org.veilgrid.kernels.Reference;

class BfvTest {
    private static final SplittableRandom RANDOM = new SplittableRandom(11);
    private static final Map<BfvPreset, BfvContext> CONTEXTS = new EnumMap<>(BfvPreset.class);

    private static synchronized BfvContext context(BfvPreset preset) {
        return CONTEXTS.computeIfAbsent(preset, p -> BfvContext.create(BfvParameters.preset(p)));
    }

    private static long[] randomCoefficients(BfvContext ctx) {
        long t = ctx.parameters().plainModulus();
        return RANDOM.longs(ctx.n(), 0, t).toArray();
    }

    private static Plaintext random(BfvContext ctx) {
        return Plaintext.of(ctx, randomCoefficients(ctx));
    }

    /** Cleartext product in Z_t[X]/(X^N+1) through the NTT mod t (t = 65537 is NTT-friendly). */
    private static long[] plainProduct(BfvContext ctx, long[] a, long[] b) {
        long t = ctx.parameters().plainModulus();
        NttTables nt = NttTables.create(ctx.n(), t);
        long[] fa = a.clone();
        long[] fb = b.clone();
        Kernels k = Kernels.java();
        k.forward(nt, fa);
        k.forward(nt, fb);
        k.mul(Modulus.of(t), fa, fb, fa);
        k.inverse(nt, fa);
        return fa;
    }

    @ParameterizedTest
    @EnumSource(BfvPreset.class)
    void presetsMeetTheSecurityTable(BfvPreset preset) {
        BfvContext ctx = context(preset);
        assertTrue(ctx.isSecure());
        assertTrue(ctx.parameters().logQ() <= SecurityTable.maxLogQ128(preset.n()).orElseThrow());
        assertEquals(preset.n(), ctx.n());
        for (long q : ctx.parameters().primes()) {
            assertEquals(1, q % (2L * preset.n()));
            assertTrue(Primes.isPrime(q));
        }
    }

    @Test
    void parametersBeyondTheTableAreRefusedUnlessInsecureIsAsked() {
        List<Long> primes = Primes.nttPrimes(40, 4096, 3); // log Q = 120 > 109
        BfvParameters p = BfvParameters.of(4096, 65537, primes);
        ParameterException e = assertThrows(ParameterException.class, () -> BfvContext.create(p));
        assertTrue(e.getMessage().contains("109"), e.getMessage());
        BfvContext insecure = BfvContext.createInsecure(p);
        assertFalse(insecure.isSecure());
        assertTrue(insecure.toString().contains("INSECURE"));
    }

    @Test
    void badParametersAreRefused() {
        assertThrows(ParameterException.class, () -> BfvParameters.of(3000, 65537, List.of(12289L)));
        assertThrows(ParameterException.class, () -> BfvParameters.of(4096, 1, Primes.nttPrimes(36, 4096, 1)));
        assertThrows(ParameterException.class, () -> BfvParameters.of(4096, 65537, List.of()));
        // A prime that is not 1 mod 2N.
        assertThrows(ParameterException.class,
                () -> BfvContext.create(BfvParameters.of(4096, 65537, List.of(1000000007L))));
        // t sharing a factor with Q.
        long q = Primes.nttPrimes(36, 4096, 1).get(0);
        assertThrows(ParameterException.class,
                () -> BfvContext.create(BfvParameters.of(4096, q, List.of(q, Primes.nttPrimes(37, 4096, 1).get(0)))));
        BfvContext ctx = context(BfvPreset.N4096);
        assertThrows(ParameterException.class, () -> Plaintext.of(ctx, new long[4095]));
        long[] big = new long[4096];
        big[7] = 65537;
        assertThrows(ParameterException.class, () -> Plaintext.of(ctx, big));
    }

    @ParameterizedTest
    @EnumSource(value = BfvPreset.class, names = {"N4096", "N8192"})
    void encryptionRoundTripsWithBothKeys(BfvPreset preset) {
        BfvContext ctx = context(preset);
        KeyGenerator kg = new KeyGenerator(ctx);
        SecretKey sk = kg.secretKey();
        PublicKey pk = kg.publicKey(sk);
        Encryptor enc = new Encryptor(ctx);
        Decryptor dec = new Decryptor(ctx, sk);
        for (int i = 0; i < 3; i++) {
            Plaintext m = random(ctx);
            Ciphertext c1 = enc.encrypt(pk, m);
            Ciphertext c2 = enc.encryptSymmetric(sk, m);
            assertEquals(m, dec.decrypt(c1));
            assertEquals(m, dec.decrypt(c2));
            assertTrue(dec.noiseBudget(c1) > 35, "fresh budget " + dec.noiseBudget(c1));
        }
        // Another secret key is refused by its id; and even with the id relabelled it cannot decrypt.
        SecretKey otherKey = kg.secretKey();
        Decryptor wrong = new Decryptor(ctx, otherKey);
        Plaintext m = random(ctx);
        Ciphertext c = enc.encrypt(pk, m);
        assertThrows(org.veilgrid.core.errors.ParameterException.class, () -> wrong.decrypt(c));
        Ciphertext relabelled = new Ciphertext(ctx, otherKey.keyId(), c.c0, c.c1);
        assertThrows(VerificationFailedException.class, () -> {
            Plaintext got = wrong.decrypt(relabelled);
            assertNotEquals(m, got); // if the budget check ever passed, the result must still differ
            throw new VerificationFailedException("decrypted to something else, as expected");
        });
    }

    @Test
    void additiveOperationsMatchCleartext() {
        BfvContext ctx = context(BfvPreset.N4096);
        KeyGenerator kg = new KeyGenerator(ctx);
        SecretKey sk = kg.secretKey();
        PublicKey pk = kg.publicKey(sk);
        Encryptor enc = new Encryptor(ctx);
        Decryptor dec = new Decryptor(ctx, sk);
        Evaluator ev = new Evaluator(ctx);
        Modulus t = Modulus.of(ctx.parameters().plainModulus());
        long[] a = randomCoefficients(ctx);
        long[] b = randomCoefficients(ctx);
        long[] p = randomCoefficients(ctx);
        Ciphertext ca = enc.encrypt(pk, Plaintext.of(ctx, a));
        Ciphertext cb = enc.encryptSymmetric(sk, Plaintext.of(ctx, b));
        long[] sum = new long[a.length];
        long[] diff = new long[a.length];
        long[] neg = new long[a.length];
        long[] plusP = new long[a.length];
        long[] minusP = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            sum[i] = t.add(a[i], b[i]);
            diff[i] = t.sub(a[i], b[i]);
            neg[i] = t.negate(a[i]);
            plusP[i] = t.add(a[i], p[i]);
            minusP[i] = t.sub(a[i], p[i]);
        }
        assertEquals(Plaintext.of(ctx, sum), dec.decrypt(ev.add(ca, cb)));
        assertEquals(Plaintext.of(ctx, diff), dec.decrypt(ev.sub(ca, cb)));
        assertEquals(Plaintext.of(ctx, neg), dec.decrypt(ev.negate(ca)));
        assertEquals(Plaintext.of(ctx, plusP), dec.decrypt(ev.addPlain(ca, Plaintext.of(ctx, p))));
        assertEquals(Plaintext.of(ctx, minusP), dec.decrypt(ev.subPlain(ca, Plaintext.of(ctx, p))));
        // Inputs are untouched.
        assertEquals(Plaintext.of(ctx, a), dec.decrypt(ca));
    }

    @Test
    void plaintextMultiplicationMatchesCleartextUntilTheBudgetIsSpentThenDecryptionRefuses() {
        BfvContext ctx = context(BfvPreset.N4096);
        KeyGenerator kg = new KeyGenerator(ctx);
        SecretKey sk = kg.secretKey();
        PublicKey pk = kg.publicKey(sk);
        Decryptor dec = new Decryptor(ctx, sk);
        Evaluator ev = new Evaluator(ctx);
        long[] expected = randomCoefficients(ctx);
        Ciphertext c = new Encryptor(ctx).encrypt(pk, Plaintext.of(ctx, expected));
        double budget = dec.noiseBudget(c);
        int steps = 0;
        while (true) {
            long[] p = randomCoefficients(ctx);
            c = ev.multiplyPlain(c, Plaintext.of(ctx, p));
            expected = plainProduct(ctx, expected, p);
            double next = dec.noiseBudget(c);
            steps++;
            if (next < 1) {
                Ciphertext spent = c;
                assertThrows(VerificationFailedException.class, () -> dec.decrypt(spent));
                break;
            }
            // Each product by a full random plaintext costs about log2(N t / 2) ~ 27 bits.
            double cost = budget - next;
            assertTrue(cost > 15 && cost < 40, "budget fell by " + cost + " bits");
            assertEquals(Plaintext.of(ctx, expected), dec.decrypt(c), "after " + steps + " products");
            budget = next;
        }
        assertTrue(steps >= 2, "a fresh N=4096 ciphertext supports at least one plaintext product, got " + (steps - 1));
    }

    @Test
    void multiplyPlainAgreesWithTheSchoolbookProductForASparsePlaintext() {
        BfvContext ctx = context(BfvPreset.N4096);
        KeyGenerator kg = new KeyGenerator(ctx);
        SecretKey sk = kg.secretKey();
        Decryptor dec = new Decryptor(ctx, sk);
        long[] a = randomCoefficients(ctx);
        long[] x = new long[ctx.n()];
        x[ctx.n() - 1] = 2; // 2 X^(N-1): wraps every coefficient with a sign flip
        x[1] = 65536; // -1 mod t times X
        Ciphertext c = new Evaluator(ctx).multiplyPlain(new Encryptor(ctx).encryptSymmetric(sk, Plaintext.of(ctx, a)),
                Plaintext.of(ctx, x));
        Modulus t = Modulus.of(65537);
        assertEquals(Plaintext.of(ctx, Reference.negacyclicMultiply(a, x, t)), dec.decrypt(c));
    }

    @Test
    void preparedPlaintextsAndDestinationFormsGiveTheSameResultsAsTheAllocatingForms() {
        BfvContext ctx = context(BfvPreset.N4096);
        KeyGenerator kg = new KeyGenerator(ctx);
        SecretKey sk = kg.secretKey();
        PublicKey pk = kg.publicKey(sk);
        Encryptor enc = new Encryptor(ctx);
        Decryptor dec = new Decryptor(ctx, sk);
        Evaluator ev = new Evaluator(ctx);
        long[] a = randomCoefficients(ctx);
        long[] b = randomCoefficients(ctx);
        long[] p = randomCoefficients(ctx);
        Ciphertext ca = enc.encrypt(pk, Plaintext.of(ctx, a));
        Ciphertext cb = enc.encrypt(pk, Plaintext.of(ctx, b));
        PreparedPlaintext prepared = ev.prepare(Plaintext.of(ctx, p));
        assertEquals(0, prepared.level());
        Ciphertext product = ev.multiplyPlain(ca, prepared);
        assertEquals(Plaintext.of(ctx, plainProduct(ctx, a, p)), dec.decrypt(product));
        assertEquals(dec.decrypt(ev.multiplyPlain(ca, Plaintext.of(ctx, p))), dec.decrypt(product));
        // Destination forms overwrite an existing ciphertext, which may be an operand.
        Ciphertext destination = ev.add(ca, cb);
        ev.multiplyPlain(cb, prepared, destination);
        assertEquals(Plaintext.of(ctx, plainProduct(ctx, b, p)), dec.decrypt(destination));
        ev.add(ca, cb, destination);
        assertEquals(dec.decrypt(ev.add(ca, cb)), dec.decrypt(destination));
        ev.add(destination, ca, destination);
        Modulus t = Modulus.of(ctx.parameters().plainModulus());
        long[] twoAPlusB = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            twoAPlusB[i] = t.add(t.add(a[i], a[i]), b[i]);
        }
        assertEquals(Plaintext.of(ctx, twoAPlusB), dec.decrypt(destination));
        // A destination under another key, or a plaintext prepared for another level, is refused.
        SecretKey other = kg.secretKey();
        Ciphertext foreign = enc.encryptSymmetric(other, Plaintext.of(ctx, a));
        assertThrows(ParameterException.class, () -> ev.add(ca, cb, foreign));
        assertThrows(ParameterException.class, () -> ev.multiplyPlain(ca, prepared, foreign));
        assertThrows(ParameterException.class,
                () -> ev.multiplyPlain(ca, new Evaluator(context(BfvPreset.N8192)).prepare(
                        Plaintext.of(context(BfvPreset.N8192), new long[8192]))));
        assertTrue(prepared.toString().contains("level 0"));
    }

    @Test
    void productsOnSeveralThreadsWithOneEvaluatorStayCorrect() throws Exception {
        // Each thread has its own scratch vectors (Scratch): concurrent products must not mix.
        BfvContext ctx = context(BfvPreset.N4096);
        KeyGenerator kg = new KeyGenerator(ctx);
        SecretKey sk = kg.secretKey();
        RelinKeys rk = kg.relinKeys(sk);
        Encryptor enc = new Encryptor(ctx);
        Decryptor dec = new Decryptor(ctx, sk);
        Evaluator ev = new Evaluator(ctx);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int task = 0; task < 6; task++) {
                long[] a = randomCoefficients(ctx);
                long[] b = randomCoefficients(ctx);
                Ciphertext ca = enc.encryptSymmetric(sk, Plaintext.of(ctx, a));
                Ciphertext cb = enc.encryptSymmetric(sk, Plaintext.of(ctx, b));
                Plaintext expected = Plaintext.of(ctx, Reference.negacyclicMultiply(a, b,
                        Modulus.of(ctx.parameters().plainModulus())));
                results.add(pool.submit(() -> {
                    boolean ok = true;
                    for (int i = 0; i < 3; i++) {
                        ok &= expected.equals(dec.decrypt(ev.multiply(ca, cb, rk)));
                    }
                    return ok;
                }));
            }
            for (java.util.concurrent.Future<Boolean> r : results) {
                assertTrue(r.get(120, java.util.concurrent.TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void samplerDistributionsHaveTheirDocumentedShape() {
        Sampler s = new Sampler(new java.security.SecureRandom());
        long[] g = s.gaussian(200_000);
        double mean = 0;
        double var = 0;
        long max = 0;
        for (long v : g) {
            mean += v;
            var += v * v;
            max = Math.max(max, Math.abs(v));
        }
        mean /= g.length;
        var = var / g.length - mean * mean;
        assertTrue(Math.abs(mean) < 0.05, "mean " + mean);
        assertTrue(Math.abs(Math.sqrt(var) - Sampler.SIGMA) < 0.05, "sigma " + Math.sqrt(var));
        assertTrue(max <= Sampler.TAIL);
        long[] tern = s.ternary(300_000);
        int[] counts = new int[3];
        for (long v : tern) {
            counts[(int) v + 1]++;
        }
        for (int c : counts) {
            assertTrue(Math.abs(c - 100_000) < 2_000, "ternary counts " + java.util.Arrays.toString(counts));
        }
        // Neighbours (often digits of one PRG byte) are independent: the nine pairs are equally
        // likely (50 000 each; the bound is about 9 standard deviations).
        int[] pairs = new int[9];
        for (int i = 0; i + 1 < tern.length; i += 2) {
            pairs[(int) (tern[i] + 1) * 3 + (int) (tern[i + 1] + 1)]++;
        }
        for (int c : pairs) {
            assertTrue(Math.abs(c - 150_000 / 9) < 1_000, "ternary pairs " + java.util.Arrays.toString(pairs));
        }
        for (int n : new int[] {1, 4, 5, 6, 4096}) {
            long[] few = s.ternary(n);
            assertEquals(n, few.length);
            for (long v : few) {
                assertTrue(v >= -1 && v <= 1);
            }
        }
    }

    @Test
    void objectsDoNotPrintSecrets() {
        BfvContext ctx = context(BfvPreset.N4096);
        SecretKey sk = new KeyGenerator(ctx).secretKey();
        // the key id is public (a truncated hash); the key's coefficients never print
        assertEquals("SecretKey(" + ctx.parameters() + ", key " + sk.keyId() + ")", sk.toString());
        assertEquals("Plaintext(N=4096)", random(ctx).toString());
    }
}
