package org.veilgrid.fhe.ckks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.fhe.Parallelism;

/** CKKS against cleartext, with the precision each operation keeps measured in bits. */
class CkksTest {
    private static final SplittableRandom RANDOM = new SplittableRandom(18);
    private static CkksContext ctx;
    private static SecretKey sk;
    private static PublicKey pk;
    private static RelinKeys rk;
    private static GaloisKeys gk;
    private static Encryptor enc;
    private static Decryptor dec;
    private static Evaluator ev;

    @BeforeAll
    static void setUp() {
        ctx = CkksContext.create(CkksParameters.preset(CkksPreset.N8192));
        KeyGenerator kg = new KeyGenerator(ctx);
        sk = kg.secretKey();
        pk = kg.publicKey(sk);
        rk = kg.relinKeys(sk);
        gk = kg.galoisKeys(sk, List.of(1, 2, 4, 8, -2), true);
        enc = new Encryptor(ctx);
        dec = new Decryptor(ctx, sk);
        ev = new Evaluator(ctx);
    }

    private static double[] random(double bound) {
        double[] v = new double[ctx.slots()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (RANDOM.nextDouble() * 2 - 1) * bound;
        }
        return v;
    }

    private static double bits(double error) {
        return -Math.log(error) / Math.log(2);
    }

    private static double error(ComplexSlots got, double[] re, double[] im) {
        return got.maxDistance(re, im == null ? new double[0] : im, ctx.slots());
    }

    @Test
    void presetsMeetTheSecurityTableAndBadParametersAreRefused() {
        for (CkksPreset p : CkksPreset.values()) {
            CkksParameters params = CkksParameters.preset(p);
            assertEquals(p.depth() + 1, params.ciphertextPrimes().size());
            assertTrue(params.logQ() <= org.veilgrid.fhe.SecurityTable.maxLogQ128(p.n()).getAsInt(), params.toString());
        }
        CkksParameters top = CkksParameters.preset(CkksPreset.N8192);
        java.util.List<Long> tooMany = new java.util.ArrayList<>(top.ciphertextPrimes());
        tooMany.addAll(org.veilgrid.kernels.Primes.nttPrimes(41, 8192, 2));
        assertThrows(ParameterException.class, () -> CkksContext.create(CkksParameters.of(8192, tooMany, top.specialPrime(), 0x1p40)));
        java.util.List<Long> repeated = java.util.List.of(top.ciphertextPrimes().get(1), top.ciphertextPrimes().get(1));
        assertThrows(ParameterException.class, () -> CkksContext.create(CkksParameters.of(8192, repeated, top.specialPrime(), 0x1p40)));
        assertThrows(ParameterException.class, () -> CkksParameters.of(8192, java.util.List.of(), top.specialPrime(), 0x1p40));
        assertThrows(ParameterException.class, () -> CkksParameters.of(8192, top.ciphertextPrimes(), top.specialPrime(), 0.5));
    }

    @Test
    void encryptionRoundTripsWithBothKeys() {
        double[] re = random(1);
        double[] im = random(1);
        Plaintext p = ctx.encode(re, im, 0, ctx.parameters().scale());
        double publicError = error(dec.decrypt(enc.encrypt(pk, p)), re, im);
        double symmetricError = error(dec.decrypt(enc.encryptSymmetric(sk, p)), re, im);
        // Fresh encryption noise (about N sigma) over a 2^40 scale: about 2^-20 and better.
        assertTrue(bits(publicError) > 20, "public-key precision " + bits(publicError));
        assertTrue(bits(symmetricError) > 24, "symmetric precision " + bits(symmetricError));
    }

    @Test
    void sumsAndPlaintextOperationsMatchCleartext() {
        double[] a = random(1);
        double[] b = random(1);
        double[] w = random(1);
        Ciphertext ca = enc.encrypt(pk, ctx.encode(a));
        Ciphertext cb = enc.encrypt(pk, ctx.encode(b));
        double[] sum = new double[a.length];
        double[] diff = new double[a.length];
        double[] prod = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            sum[i] = a[i] + b[i];
            diff[i] = a[i] - b[i];
            prod[i] = a[i] * w[i];
        }
        assertTrue(bits(error(dec.decrypt(ev.add(ca, cb)), sum, null)) > 19);
        assertTrue(bits(error(dec.decrypt(ev.sub(ca, cb)), diff, null)) > 19);
        assertTrue(bits(error(dec.decrypt(ev.addPlain(ca, ctx.encode(b))), sum, null)) > 19);
        Ciphertext scaled = ev.rescale(ev.multiplyPlain(ca, ctx.encode(w)));
        assertEquals(1, scaled.level());
        assertTrue(bits(error(dec.decrypt(scaled), prod, null)) > 15);
    }

    @Test
    void productsRelinearizedAndRescaledKeepTheirPrecisionToTheLastLevel() {
        double[] x = random(1);
        double[] expected = x.clone();
        Ciphertext c = enc.encrypt(pk, ctx.encode(x));
        // x^2, x^4, x^8: three squarings, each rescaled, use up the N = 8192 preset's depth.
        for (int depth = 1; depth <= CkksPreset.N8192.depth(); depth++) {
            c = ev.rescale(ev.square(c, rk));
            for (int i = 0; i < expected.length; i++) {
                expected[i] *= expected[i];
            }
            double err = error(dec.decrypt(c), expected, null);
            assertEquals(depth, c.level());
            assertTrue(bits(err) > 12, "depth " + depth + ": precision " + bits(err) + " bits");
        }
        assertThrows(ParameterException.class, () -> ev.rescale(ev.rescale(ev.rescale(ev.rescale(enc.encrypt(pk, ctx.encode(x)))))));
        // Two different operands: (a b) c.
        double[] a = random(1);
        double[] b = random(1);
        Ciphertext ab = ev.rescale(ev.multiply(enc.encrypt(pk, ctx.encode(a)), enc.encrypt(pk, ctx.encode(b)), rk));
        double[] abExpected = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            abExpected[i] = a[i] * b[i];
        }
        assertTrue(bits(error(dec.decrypt(ab), abExpected, null)) > 15);
    }

    @Test
    void rotationsAndConjugationMoveTheSlots() {
        double[] re = random(1);
        double[] im = random(1);
        Ciphertext c = enc.encrypt(pk, ctx.encode(re, im, 0, ctx.parameters().scale()));
        int slots = ctx.slots();
        for (int steps : new int[] {1, 3, 8, -2}) {
            double[] er = new double[slots];
            double[] ei = new double[slots];
            for (int j = 0; j < slots; j++) {
                er[j] = re[Math.floorMod(j + steps, slots)];
                ei[j] = im[Math.floorMod(j + steps, slots)];
            }
            double err = error(dec.decrypt(ev.rotate(c, steps, gk)), er, ei);
            assertTrue(bits(err) > 18, "rotation by " + steps + ": precision " + bits(err));
        }
        double[] conjIm = new double[slots];
        for (int j = 0; j < slots; j++) {
            conjIm[j] = -im[j];
        }
        assertTrue(bits(error(dec.decrypt(ev.conjugate(c, gk)), re, conjIm)) > 18);
        // A step the keys cannot compose (right by 2 needs 2^k keys up to N/4) is refused.
        GaloisKeys few = new KeyGenerator(ctx).galoisKeys(sk, List.of(1), false);
        assertThrows(ParameterException.class, () -> ev.rotate(c, 2, few));
        assertThrows(ParameterException.class, () -> ev.conjugate(c, few));
    }

    @Test
    void threadsGiveTheSameResultAsOneThread() {
        try (Parallelism two = Parallelism.threads(2)) {
            Evaluator wide = new Evaluator(ctx, two);
            Ciphertext a = enc.encrypt(pk, ctx.encode(random(1)));
            Ciphertext b = enc.encrypt(pk, ctx.encode(random(1)));
            Ciphertext one = ev.multiply(a, b, rk);
            Ciphertext many = wide.multiply(a, b, rk);
            assertTrue(java.util.Arrays.equals(one.c0.data, many.c0.data) && java.util.Arrays.equals(one.c1.data, many.c1.data));
            Ciphertext r1 = ev.rotate(a, 1, gk);
            Ciphertext r2 = wide.rotate(a, 1, gk);
            assertTrue(java.util.Arrays.equals(r1.c0.data, r2.c0.data) && java.util.Arrays.equals(r1.c1.data, r2.c1.data));
        }
    }

    @Test
    void mismatchedKeysLevelsAndScalesAreRefused() {
        Ciphertext a = enc.encrypt(pk, ctx.encode(random(1)));
        Ciphertext lower = ev.rescale(ev.multiplyPlain(a, ctx.encode(random(1))));
        assertThrows(ParameterException.class, () -> ev.add(a, lower));
        assertThrows(ParameterException.class, () -> ev.multiply(a, lower, rk));
        assertThrows(ParameterException.class, () -> ev.add(a, ev.multiplyPlain(a, ctx.encode(random(1)))));
        assertThrows(ParameterException.class, () -> ev.multiplyPlain(lower, ctx.encode(random(1))));
        SecretKey other = new KeyGenerator(ctx).secretKey();
        Ciphertext foreign = enc.encryptSymmetric(other, ctx.encode(random(1)));
        assertThrows(ParameterException.class, () -> ev.add(a, foreign));
        assertThrows(ParameterException.class, () -> ev.multiply(foreign, foreign, rk));
        assertThrows(ParameterException.class, () -> dec.decrypt(foreign));
        assertTrue(a.toString().startsWith("CkksCiphertext(N=8192, level 0, scale 2^40"), a.toString());
        assertEquals("CkksSecretKey(N=8192)", sk.toString());
    }
}
