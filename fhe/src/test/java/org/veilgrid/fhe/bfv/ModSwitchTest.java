package org.veilgrid.fhe.bfv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.kernels.Modulus;

class ModSwitchTest {
    private static final SplittableRandom RANDOM = new SplittableRandom(31);

    @Test
    void switchingDownTheChainKeepsThePlaintextAndShrinksTheBudget() {
        BfvContext ctx = BfvContext.create(BfvParameters.preset(BfvPreset.N8192));
        BatchEncoder be = new BatchEncoder(ctx);
        KeyGenerator kg = new KeyGenerator(ctx);
        SecretKey sk = kg.secretKey();
        Encryptor enc = new Encryptor(ctx);
        Decryptor dec = new Decryptor(ctx, sk);
        Evaluator ev = new Evaluator(ctx);
        Modulus t = Modulus.of(ctx.parameters().plainModulus());
        long[] v = RANDOM.longs(ctx.n(), 0, t.value()).toArray();
        long[] w = RANDOM.longs(ctx.n(), 0, t.value()).toArray();
        Ciphertext c = enc.encrypt(kg.publicKey(sk), be.encode(v));
        Ciphertext d = enc.encryptSymmetric(sk, be.encode(w));
        double budget = dec.noiseBudget(c);
        for (int level = 1; level < ctx.primeCount(); level++) {
            c = ev.modSwitchToNext(c);
            d = ev.modSwitchToNext(d);
            assertEquals(level, c.context().level());
            assertSame(c.context(), d.context(), "one context object per level");
            assertArrayEquals(v, be.decode(dec.decrypt(c)), "level " + level);
            double now = dec.noiseBudget(c);
            assertTrue(now < budget && now > 1, "budget " + budget + " -> " + now);
            budget = now;
            // Additive and plaintext operations work at every level.
            long[] sum = new long[v.length];
            long[] scaled = new long[v.length];
            for (int i = 0; i < v.length; i++) {
                sum[i] = t.add(v[i], w[i]);
                scaled[i] = t.mul(v[i], w[i]);
            }
            assertArrayEquals(sum, be.decode(dec.decrypt(ev.add(c, d))));
            if (now > 35) { // a product by a full random plaintext costs about 29 bits
                assertArrayEquals(scaled, be.decode(dec.decrypt(ev.multiplyPlain(c, be.encode(w)))));
            }
        }
        Ciphertext bottom = c;
        assertThrows(ParameterException.class, () -> ev.modSwitchToNext(bottom));
    }

    @Test
    void levelsAreCheckedWhereTheyMatter() {
        BfvContext ctx = BfvContext.create(BfvParameters.preset(BfvPreset.N4096));
        KeyGenerator kg = new KeyGenerator(ctx);
        SecretKey sk = kg.secretKey();
        Encryptor enc = new Encryptor(ctx);
        Evaluator ev = new Evaluator(ctx);
        Plaintext zero = Plaintext.of(ctx, new long[ctx.n()]);
        Ciphertext top = enc.encryptSymmetric(sk, zero);
        Ciphertext lower = ev.modSwitchToNext(top);
        assertThrows(ParameterException.class, () -> ev.add(top, lower));
        assertThrows(ParameterException.class, () -> ev.multiply(lower, lower, kg.relinKeys(sk)));
        assertThrows(ParameterException.class, () -> ev.rotateRows(lower, 1, kg.galoisKeys(sk)));
        BfvContext other = BfvContext.create(BfvParameters.preset(BfvPreset.N4096));
        assertThrows(ParameterException.class, () -> new Evaluator(other).add(top, top));
        assertThrows(ParameterException.class,
                () -> new Decryptor(other, new KeyGenerator(other).secretKey()).decrypt(lower));
    }
}
