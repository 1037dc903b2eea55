package org.veilgrid.fhe.bfv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongBinaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.kernels.Modulus;

/**
 * Every operation against the same computation on cleartext slots, for every preset, with the
 * noise budget each one costs checked against what the theory predicts; and the multiplicative
 * depth each preset reaches (docs/fhe.md states these figures).
 */
class EveryPresetTest {
    private static final SplittableRandom RANDOM = new SplittableRandom(2026);

    private static long[] slots(BfvContext ctx) {
        return RANDOM.longs(ctx.n(), 0, ctx.parameters().plainModulus()).toArray();
    }

    private static long[] map(long[] a, long[] b, LongBinaryOperator f) {
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = f.applyAsLong(a[i], b == null ? 0 : b[i]);
        }
        return out;
    }

    /** Slot i of the result of rotating both rows left by k. */
    private static long[] rotated(long[] v, int k) {
        int half = v.length / 2;
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            int row = i / half;
            out[i] = v[row * half + Math.floorMod(i % half + k, half)];
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BfvPreset.class)
    void everyOperationMatchesCleartextWithTheExpectedNoiseCost(BfvPreset preset) {
        BfvContext ctx = BfvContext.create(BfvParameters.preset(preset));
        BatchEncoder be = new BatchEncoder(ctx);
        KeyGenerator kg = new KeyGenerator(ctx);
        SecretKey sk = kg.secretKey();
        PublicKey pk = kg.publicKey(sk);
        RelinKeys rk = kg.relinKeys(sk);
        GaloisKeys gk = kg.galoisKeys(sk, List.of(1, 2), true);
        Encryptor enc = new Encryptor(ctx);
        Decryptor dec = new Decryptor(ctx, sk);
        Evaluator ev = new Evaluator(ctx);
        Modulus t = Modulus.of(ctx.parameters().plainModulus());
        double logNt = Math.log(ctx.n() * (double) t.value()) / Math.log(2);
        long[] x = slots(ctx);
        long[] y = slots(ctx);
        Ciphertext cx = enc.encrypt(pk, be.encode(x));
        Ciphertext cy = enc.encryptSymmetric(sk, be.encode(y));
        assertArrayEquals(x, be.decode(dec.decrypt(cx)), "public-key encryption");
        assertArrayEquals(y, be.decode(dec.decrypt(cy)), "symmetric encryption");
        double fresh = Math.min(dec.noiseBudget(cx), dec.noiseBudget(cy));
        // Fresh noise is a small multiple of sigma N (public key) scaled by t: budget ~ log Q - log t - 15..20.
        double logQ = Decryptor.log2(ctx.bigQ());
        assertTrue(fresh > logQ - Math.log(t.value()) / Math.log(2) - 20, preset + ": fresh budget " + fresh);
        System.out.printf("%s fresh noise budget %.1f bits%n", preset, fresh);

        assertArrayEquals(map(x, y, t::add), be.decode(dec.decrypt(ev.add(cx, cy))), "add");
        assertArrayEquals(map(x, y, t::sub), be.decode(dec.decrypt(ev.sub(cx, cy))), "sub");
        assertArrayEquals(map(x, null, (a, b) -> t.negate(a)), be.decode(dec.decrypt(ev.negate(cx))), "negate");
        assertArrayEquals(map(x, y, t::add), be.decode(dec.decrypt(ev.addPlain(cx, be.encode(y)))), "addPlain");
        assertArrayEquals(map(x, y, t::sub), be.decode(dec.decrypt(ev.subPlain(cx, be.encode(y)))), "subPlain");
        assertTrue(dec.noiseBudget(ev.add(cx, cy)) > fresh - 2, "an addition costs at most a bit");

        Ciphertext plainProduct = ev.multiplyPlain(cx, be.encode(y));
        assertArrayEquals(map(x, y, t::mul), be.decode(dec.decrypt(plainProduct)), "multiplyPlain");
        double plainCost = dec.noiseBudget(cx) - dec.noiseBudget(plainProduct);
        assertTrue(plainCost > logNt - 12 && plainCost < logNt + 2,
                "a random plaintext product costs about log2(N t) = " + logNt + " bits, took " + plainCost);
        long k = -12345 % (t.value() / 2);
        long kModT = Math.floorMod(k, t.value());
        assertArrayEquals(map(x, null, (a, b) -> t.mul(a, kModT)), be.decode(dec.decrypt(ev.multiplyScalar(cx, k))),
                "multiplyScalar");

        Ciphertext product = ev.multiply(cx, cy, rk);
        assertArrayEquals(map(x, y, t::mul), be.decode(dec.decrypt(product)), "multiply");
        double productCost = fresh - dec.noiseBudget(product);
        assertTrue(productCost > logNt - 6 && productCost < logNt + 14,
                "a ciphertext product costs about log2(N t) + a few bits, took " + productCost);
        assertArrayEquals(map(x, x, t::mul), be.decode(dec.decrypt(ev.square(cx, rk))), "square");

        Ciphertext left = ev.rotateRows(cx, 1, gk);
        assertArrayEquals(rotated(x, 1), be.decode(dec.decrypt(left)), "rotate left by 1");
        assertArrayEquals(rotated(x, 3), be.decode(dec.decrypt(ev.rotateRows(cx, 3, gk))), "rotate by 3 = 1 + 2");
        int half = ctx.n() / 2;
        long[] swapped = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            swapped[i] = x[(i + half) % x.length];
        }
        assertArrayEquals(swapped, be.decode(dec.decrypt(ev.swapRows(cx, gk))), "swapRows");
        // With the special prime, a key switch adds noise far below the fresh noise.
        assertTrue(dec.noiseBudget(left) > dec.noiseBudget(cx) - 2, "a rotation costs under two bits");

        Ciphertext acc = ev.add(cx, cy);
        ev.addInPlace(acc, cy);
        assertArrayEquals(map(map(x, y, t::add), y, t::add), be.decode(dec.decrypt(acc)), "addInPlace");

        // One level down: everything still matches, with a budget smaller by about log2(q_last).
        Ciphertext lx = ev.modSwitchToNext(cx);
        Ciphertext ly = ev.modSwitchToNext(cy);
        assertArrayEquals(x, be.decode(dec.decrypt(lx)), "modSwitchToNext");
        long dropped = ctx.parameters().ciphertextPrimes().get(ctx.primeCount() - 1);
        double switchCost = dec.noiseBudget(cx) - dec.noiseBudget(lx);
        double droppedBits = Math.log(dropped) / Math.log(2);
        assertTrue(switchCost < droppedBits + 1, "switching down costs at most log2(q_last) = " + droppedBits
                + " bits, took " + switchCost);
        assertArrayEquals(map(x, y, t::add), be.decode(dec.decrypt(ev.add(lx, ly))), "add one level down");
        if (dec.noiseBudget(lx) > productCost + 2) {
            assertArrayEquals(map(x, y, t::mul), be.decode(dec.decrypt(ev.multiply(lx, ly, rk))), "multiply one level down");
            assertArrayEquals(rotated(x, 1), be.decode(dec.decrypt(ev.rotateRows(lx, 1, gk))), "rotate one level down");
        } else {
            assertEquals(BfvPreset.N4096, preset, "only the smallest preset lacks the budget below its top level");
        }
    }

    /** Repeated squaring until decryption refuses; the depth figures of docs/fhe.md. */
    @ParameterizedTest(name = "{0}: depth >= {1}")
    @CsvSource({"N4096, 1", "N8192, 4", "N16384, 11", "N32768, 24"})
    void eachPresetReachesItsStatedDepth(BfvPreset preset, int minDepth) {
        BfvContext ctx = BfvContext.create(BfvParameters.preset(preset));
        BatchEncoder be = new BatchEncoder(ctx);
        KeyGenerator kg = new KeyGenerator(ctx);
        SecretKey sk = kg.secretKey();
        RelinKeys rk = kg.relinKeys(sk);
        Decryptor dec = new Decryptor(ctx, sk);
        Evaluator ev = new Evaluator(ctx);
        Modulus t = Modulus.of(ctx.parameters().plainModulus());
        long[] expected = slots(ctx);
        Ciphertext c = new Encryptor(ctx).encrypt(kg.publicKey(sk), be.encode(expected));
        int depth = 0;
        while (true) {
            c = ev.square(c, rk);
            expected = map(expected, expected, t::mul);
            if (dec.noiseBudget(c) < 1) {
                Ciphertext spent = c;
                assertThrows(VerificationFailedException.class, () -> dec.decrypt(spent));
                break;
            }
            assertArrayEquals(expected, be.decode(dec.decrypt(c)), "depth " + (depth + 1));
            depth++;
        }
        System.out.println(preset + " multiplicative depth " + depth);
        assertTrue(depth >= minDepth, preset + " reached multiplicative depth " + depth + ", expected at least " + minDepth);
    }
}
