package org.veilgrid.fhe.bfv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.veilgrid.core.errors.VerificationFailedException;

/** The RNS fixed-point decryption against the exact big-integer one, from fresh to exhausted. */
class RnsDecoderTest {
    private static final SplittableRandom RANDOM = new SplittableRandom(41);

    @ParameterizedTest
    @EnumSource(value = BfvPreset.class, names = {"N4096", "N8192"})
    void agreesWithExactDecryptionAtEveryNoiseLevel(BfvPreset preset) {
        BfvContext ctx = BfvContext.create(BfvParameters.preset(preset));
        KeyGenerator kg = new KeyGenerator(ctx);
        SecretKey sk = kg.secretKey();
        Decryptor dec = new Decryptor(ctx, sk);
        Evaluator ev = new Evaluator(ctx);
        long t = ctx.parameters().plainModulus();
        Ciphertext c = new Encryptor(ctx).encrypt(kg.publicKey(sk), Plaintext.of(ctx, RANDOM.longs(ctx.n(), 0, t).toArray()));
        int checked = 0;
        for (int step = 0; step < 12; step++) {
            double budget = dec.noiseBudget(c);
            if (budget >= 1.5) {
                assertEquals(dec.decryptExact(c), dec.decrypt(c), "budget " + budget);
                checked++;
            } else if (budget < 0.5) {
                Ciphertext spent = c;
                assertThrows(VerificationFailedException.class, () -> dec.decrypt(spent), "budget " + budget);
                break;
            }
            c = ev.multiplyPlain(c, Plaintext.of(ctx, RANDOM.longs(ctx.n(), 0, t).toArray()));
            if (step % 2 == 1 && c.context().nextLevel().isPresent() && dec.noiseBudget(c) > 40) {
                c = ev.modSwitchToNext(c);
            }
        }
        assertTrue(checked >= 2, "checked " + checked + " noise levels");
    }
}
