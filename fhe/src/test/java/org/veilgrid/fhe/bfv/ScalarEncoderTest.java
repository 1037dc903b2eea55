package org.veilgrid.fhe.bfv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.ParameterException;

class ScalarEncoderTest {
    private static final SplittableRandom RANDOM = new SplittableRandom(43);

    @Test
    void signedIntegerArithmeticUnderEncryption() {
        BfvContext ctx = BfvContext.create(BfvParameters.preset(BfvPreset.N4096));
        ScalarEncoder se = new ScalarEncoder(ctx);
        KeyGenerator kg = new KeyGenerator(ctx);
        SecretKey sk = kg.secretKey();
        RelinKeys rk = kg.relinKeys(sk);
        Encryptor enc = new Encryptor(ctx);
        Decryptor dec = new Decryptor(ctx, sk);
        Evaluator ev = new Evaluator(ctx);
        long t = ctx.parameters().plainModulus();
        for (int i = 0; i < 5; i++) {
            long a = RANDOM.nextLong(-150, 150);
            long b = RANDOM.nextLong(-150, 150);
            long k = RANDOM.nextLong(-(t - 1) / 2, t / 2 + 1);
            Ciphertext ca = enc.encrypt(kg.publicKey(sk), se.encode(a));
            Ciphertext cb = enc.encryptSymmetric(sk, se.encode(b));
            assertEquals(a + b, se.decode(dec.decrypt(ev.add(ca, cb))));
            assertEquals(a - b, se.decode(dec.decrypt(ev.sub(ca, cb))));
            assertEquals(a * b, se.decode(dec.decrypt(ev.multiply(ca, cb, rk))));
            assertEquals(a * b, se.decode(dec.decrypt(ev.multiplyPlain(ca, se.encode(b)))));
            long scaled = Math.floorMod(a * k, t);
            assertEquals(scaled > t / 2 ? scaled - t : scaled, se.decode(dec.decrypt(ev.multiplyScalar(ca, k))));
        }
        Ciphertext c = enc.encryptSymmetric(sk, se.encode(7));
        assertTrue(dec.noiseBudget(ev.multiplyScalar(c, 3)) > dec.noiseBudget(ev.multiplyPlain(c, se.encode(3))) - 2,
                "a scalar product costs no more budget than the same plaintext product");
    }

    @Test
    void rangesAreChecked() {
        BfvContext ctx = BfvContext.create(BfvParameters.preset(BfvPreset.N4096));
        ScalarEncoder se = new ScalarEncoder(ctx);
        assertEquals(32768, se.decode(se.encode(32768)));
        assertEquals(-32768, se.decode(se.encode(-32768)));
        assertThrows(ParameterException.class, () -> se.encode(32769));
        assertThrows(ParameterException.class, () -> se.encode(-32769));
        long[] notScalar = new long[ctx.n()];
        notScalar[3] = 1;
        assertThrows(ParameterException.class, () -> se.decode(Plaintext.of(ctx, notScalar)));
        Ciphertext c = new Encryptor(ctx).encryptSymmetric(new KeyGenerator(ctx).secretKey(), se.encode(1));
        assertThrows(ParameterException.class, () -> new Evaluator(ctx).multiplyScalar(c, 40000));
    }
}
