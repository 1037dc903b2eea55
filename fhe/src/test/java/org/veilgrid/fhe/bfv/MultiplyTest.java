package org.veilgrid.fhe.bfv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.kernels.Modulus;

/** Ciphertext products against the slot-wise cleartext products, and the depth each preset reaches. */
class MultiplyTest {
    private static final SplittableRandom RANDOM = new SplittableRandom(17);

    @ParameterizedTest(name = "{0}: depth >= {1}")
    @CsvSource({"N4096, 1", "N8192, 4"})
    void productsMatchCleartextUpToTheStatedDepthThenDecryptionRefuses(BfvPreset preset, int minDepth) {
        BfvContext ctx = BfvContext.create(BfvParameters.preset(preset));
        BatchEncoder be = new BatchEncoder(ctx);
        KeyGenerator kg = new KeyGenerator(ctx);
        SecretKey sk = kg.secretKey();
        PublicKey pk = kg.publicKey(sk);
        RelinKeys rk = kg.relinKeys(sk);
        Encryptor enc = new Encryptor(ctx);
        Decryptor dec = new Decryptor(ctx, sk);
        Evaluator ev = new Evaluator(ctx);
        Modulus t = Modulus.of(ctx.parameters().plainModulus());
        long[] x = RANDOM.longs(ctx.n(), 0, t.value()).toArray();
        long[] y = RANDOM.longs(ctx.n(), 0, t.value()).toArray();
        Ciphertext cx = enc.encrypt(pk, be.encode(x));
        Ciphertext cy = enc.encryptSymmetric(sk, be.encode(y));

        // One product of two different ciphertexts.
        long[] xy = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            xy[i] = t.mul(x[i], y[i]);
        }
        assertArrayEquals(xy, be.decode(dec.decrypt(ev.multiply(cx, cy, rk))));

        // Repeated squaring: x^(2^d) until the budget runs out.
        long[] expected = x.clone();
        Ciphertext c = cx;
        int depth = 0;
        while (true) {
            c = ev.square(c, rk);
            for (int i = 0; i < expected.length; i++) {
                expected[i] = t.mul(expected[i], expected[i]);
            }
            if (dec.noiseBudget(c) < 1) {
                Ciphertext spent = c;
                assertThrows(VerificationFailedException.class, () -> dec.decrypt(spent));
                break;
            }
            assertArrayEquals(expected, be.decode(dec.decrypt(c)), "depth " + (depth + 1));
            depth++;
        }
        assertTrue(depth >= minDepth, preset + " reached multiplicative depth " + depth + ", expected at least " + minDepth);
    }
}
