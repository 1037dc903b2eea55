package org.veilgrid.fhe.bfv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.ParameterException;

class RotationTest {
    private static final SplittableRandom RANDOM = new SplittableRandom(23);
    private static BfvContext ctx;
    private static BatchEncoder be;
    private static SecretKey sk;
    private static GaloisKeys gk;
    private static Encryptor enc;
    private static Decryptor dec;
    private static Evaluator ev;

    @BeforeAll
    static void setUp() {
        ctx = BfvContext.create(BfvParameters.preset(BfvPreset.N4096));
        be = new BatchEncoder(ctx);
        KeyGenerator kg = new KeyGenerator(ctx);
        sk = kg.secretKey();
        gk = kg.galoisKeys(sk);
        enc = new Encryptor(ctx);
        dec = new Decryptor(ctx, sk);
        ev = new Evaluator(ctx);
    }

    private static long[] rotated(long[] v, int steps) {
        int half = v.length / 2;
        long[] out = new long[v.length];
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < half; c++) {
                out[r * half + c] = v[r * half + Math.floorMod(c + steps, half)];
            }
        }
        return out;
    }

    @Test
    void rowsRotateByAnyStepInBothDirections() {
        long[] v = RANDOM.longs(ctx.n(), 0, ctx.parameters().plainModulus()).toArray();
        Ciphertext c = enc.encryptSymmetric(sk, be.encode(v));
        for (int steps : new int[] {1, 2, 5, 64, 1000, ctx.n() / 2 - 1, -1, -7, 0, ctx.n() / 2 + 3}) {
            Ciphertext r = ev.rotateRows(c, steps, gk);
            assertArrayEquals(rotated(v, steps), be.decode(dec.decrypt(r)), "steps " + steps);
            assertTrue(dec.noiseBudget(r) > 20, "budget after rotating by " + steps + ": " + dec.noiseBudget(r));
        }
    }

    @Test
    void rowsSwap() {
        long[] v = RANDOM.longs(ctx.n(), 0, ctx.parameters().plainModulus()).toArray();
        long[] swapped = new long[v.length];
        int half = v.length / 2;
        for (int c = 0; c < half; c++) {
            swapped[c] = v[half + c];
            swapped[half + c] = v[c];
        }
        Ciphertext c = enc.encryptSymmetric(sk, be.encode(v));
        assertArrayEquals(swapped, be.decode(dec.decrypt(ev.swapRows(c, gk))));
    }

    @Test
    void missingKeysAreReportedByName() {
        GaloisKeys only3 = new KeyGenerator(ctx).galoisKeys(sk, List.of(3), false);
        assertEquals(1, only3.size());
        long[] v = new long[ctx.n()];
        Ciphertext c = enc.encryptSymmetric(sk, be.encode(v));
        ev.rotateRows(c, 3, only3); // direct key
        ParameterException e = assertThrows(ParameterException.class, () -> ev.rotateRows(c, 1, only3));
        assertTrue(e.getMessage().contains("rotation by 1"), e.getMessage());
        assertThrows(ParameterException.class, () -> ev.swapRows(c, only3));
        assertThrows(ParameterException.class, () -> new KeyGenerator(ctx).galoisKeys(sk, List.of(ctx.n() / 2), false));
    }
}
