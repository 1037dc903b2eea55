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
    void productsAndRotationsWorkBelowTheTopWithTheTopLevelKeys() {
        BfvContext ctx = BfvContext.create(BfvParameters.preset(BfvPreset.N8192));
        BatchEncoder be = new BatchEncoder(ctx);
        KeyGenerator kg = new KeyGenerator(ctx);
        SecretKey sk = kg.secretKey();
        RelinKeys rk = kg.relinKeys(sk);
        GaloisKeys gk = kg.galoisKeys(sk, java.util.List.of(1, 2, 4), true);
        Encryptor enc = new Encryptor(ctx);
        Decryptor dec = new Decryptor(ctx, sk);
        Evaluator ev = new Evaluator(ctx);
        Modulus t = Modulus.of(ctx.parameters().plainModulus());
        long[] v = RANDOM.longs(ctx.n(), 0, t.value()).toArray();
        long[] w = RANDOM.longs(ctx.n(), 0, t.value()).toArray();
        Ciphertext c = enc.encrypt(kg.publicKey(sk), be.encode(v));
        Ciphertext d = enc.encryptSymmetric(sk, be.encode(w));
        int half = ctx.n() / 2;
        for (int level = 1; level <= 2; level++) {
            c = ev.modSwitchToNext(c);
            d = ev.modSwitchToNext(d);
            long[] vw = new long[v.length];
            long[] rotated = new long[v.length];
            long[] swapped = new long[v.length];
            for (int i = 0; i < v.length; i++) {
                vw[i] = t.mul(v[i], w[i]);
                int row = i / half;
                rotated[i] = v[row * half + (i % half + 6) % half]; // 6 = 2 + 4: two key switches
                swapped[i] = v[(1 - row) * half + i % half];
            }
            Ciphertext product = ev.multiply(c, d, rk);
            assertEquals(level, product.level());
            assertArrayEquals(vw, be.decode(dec.decrypt(product)), "product at level " + level);
            assertArrayEquals(rotated, be.decode(dec.decrypt(ev.rotateRows(c, 6, gk))), "rotation at level " + level);
            assertArrayEquals(swapped, be.decode(dec.decrypt(ev.swapRows(c, gk))), "swap at level " + level);
            double before = dec.noiseBudget(c);
            double after = dec.noiseBudget(ev.rotateRows(c, 1, gk));
            // Right after a switch the noise sits at the rounding floor, which the key switch's own
            // noise (the keys' errors divided by P, plus rounding) matches: a few bits, not more.
            assertTrue(after > before - 5, "a key switch costs a few bits at most: " + before + " -> " + after);
        }
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
        assertThrows(ParameterException.class, () -> ev.multiply(top, lower, kg.relinKeys(sk)));
        assertThrows(ParameterException.class, () -> new KeyGenerator(ctx.nextLevel().orElseThrow()));
        BfvContext other = BfvContext.create(BfvParameters.preset(BfvPreset.N4096));
        assertThrows(ParameterException.class, () -> new Evaluator(other).add(top, top));
        assertThrows(ParameterException.class, () -> ev.multiply(top, top, new KeyGenerator(other).relinKeys(
                new KeyGenerator(other).secretKey())));
        assertThrows(ParameterException.class,
                () -> new Decryptor(other, new KeyGenerator(other).secretKey()).decrypt(lower));
    }
}
