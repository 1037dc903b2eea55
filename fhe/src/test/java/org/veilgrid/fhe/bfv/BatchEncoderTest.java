package org.veilgrid.fhe.bfv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.kernels.Modulus;
import org.veilgrid.kernels.Primes;
import org.veilgrid.kernels.Reference;

class BatchEncoderTest {
    private static final SplittableRandom RANDOM = new SplittableRandom(3);
    private static final BfvContext CTX = BfvContext.create(BfvParameters.preset(BfvPreset.N4096));

    private static long[] randomSlots() {
        return RANDOM.longs(CTX.n(), 0, CTX.parameters().plainModulus()).toArray();
    }

    @Test
    void encodeThenDecodeIsIdentity() {
        BatchEncoder be = new BatchEncoder(CTX);
        long[] v = randomSlots();
        assertArrayEquals(v, be.decode(be.encode(v)));
    }

    @Test
    void encryptedSlotsAddAndMultiplyElementwise() {
        BatchEncoder be = new BatchEncoder(CTX);
        KeyGenerator kg = new KeyGenerator(CTX);
        SecretKey sk = kg.secretKey();
        Encryptor enc = new Encryptor(CTX);
        Decryptor dec = new Decryptor(CTX, sk);
        Evaluator ev = new Evaluator(CTX);
        Modulus t = Modulus.of(CTX.parameters().plainModulus());
        long[] a = randomSlots();
        long[] b = randomSlots();
        long[] w = randomSlots();
        Ciphertext ca = enc.encrypt(kg.publicKey(sk), be.encode(a));
        Ciphertext cb = enc.encryptSymmetric(sk, be.encode(b));
        long[] sum = new long[a.length];
        long[] prod = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            sum[i] = t.add(a[i], b[i]);
            prod[i] = t.mul(a[i], w[i]);
        }
        assertArrayEquals(sum, be.decode(dec.decrypt(ev.add(ca, cb))));
        assertArrayEquals(prod, be.decode(dec.decrypt(ev.multiplyPlain(ca, be.encode(w)))));
    }

    @Test
    void theAutomorphismXtoX3RotatesRowsAndXtoXinvSwapsThem() {
        // Checked on plaintexts: this fixes the slot order that ciphertext rotations will use.
        BatchEncoder be = new BatchEncoder(CTX);
        int n = CTX.n();
        long t = CTX.parameters().plainModulus();
        long[] v = randomSlots();
        long[] p = be.encode(v).coefficients();
        long[] rotated = be.decode(Plaintext.of(CTX, automorphism(p, 3, t)));
        long[] swapped = be.decode(Plaintext.of(CTX, automorphism(p, 2L * n - 1, t)));
        int half = n / 2;
        for (int c = 0; c < half; c++) {
            assertEquals(v[(c + 1) % half], rotated[c], "row 0 col " + c);
            assertEquals(v[half + (c + 1) % half], rotated[half + c], "row 1 col " + c);
            assertEquals(v[half + c], swapped[c]);
            assertEquals(v[c], swapped[half + c]);
        }
    }

    /** a(X) -> a(X^g) in Z_t[X]/(X^N + 1), g odd. */
    static long[] automorphism(long[] a, long g, long t) {
        int n = a.length;
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long e = (i * g) % (2L * n);
            if (e < n) {
                out[(int) e] = (out[(int) e] + a[i]) % t;
            } else {
                out[(int) (e - n)] = (out[(int) (e - n)] - a[i] + t) % t;
            }
        }
        return out;
    }

    @Test
    void slotProductIsTheRingProduct() {
        BatchEncoder be = new BatchEncoder(CTX);
        Modulus t = Modulus.of(CTX.parameters().plainModulus());
        long[] a = randomSlots();
        long[] b = new long[CTX.n()];
        java.util.Arrays.fill(b, 2);
        // Encoding all 2s gives the constant polynomial 2.
        long[] expectConst = new long[CTX.n()];
        expectConst[0] = 2;
        assertArrayEquals(expectConst, be.encode(b).coefficients());
        long[] pa = be.encode(a).coefficients();
        long[] doubled = Reference.negacyclicMultiply(pa, expectConst, t);
        long[] twice = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            twice[i] = t.add(a[i], a[i]);
        }
        assertArrayEquals(twice, be.decode(Plaintext.of(CTX, doubled)));
    }

    @Test
    void refusesANonBatchingPlaintextModulusAndBadSlots() {
        BfvContext ctx = BfvContext.create(BfvParameters.of(4096, 1024, Primes.nttPrimes(36, 4096, 3)));
        assertThrows(ParameterException.class, () -> new BatchEncoder(ctx));
        BatchEncoder be = new BatchEncoder(CTX);
        assertThrows(ParameterException.class, () -> be.encode(new long[10]));
        long[] bad = new long[CTX.n()];
        bad[3] = -1;
        assertThrows(ParameterException.class, () -> be.encode(bad));
    }
}
