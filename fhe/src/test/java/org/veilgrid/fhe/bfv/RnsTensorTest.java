package org.veilgrid.fhe.bfv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The RNS ciphertext product must equal the exact big-integer one bit for bit. */
class RnsTensorTest {
    private static final SplittableRandom RANDOM = new SplittableRandom(47);

    @ParameterizedTest
    @EnumSource(value = BfvPreset.class, names = {"N4096", "N8192"})
    void rnsProductEqualsTheExactProduct(BfvPreset preset) {
        BfvContext ctx = BfvContext.create(BfvParameters.preset(preset));
        KeyGenerator kg = new KeyGenerator(ctx);
        SecretKey sk = kg.secretKey();
        RelinKeys rk = kg.relinKeys(sk);
        Encryptor enc = new Encryptor(ctx);
        Evaluator ev = new Evaluator(ctx);
        long t = ctx.parameters().plainModulus();
        Ciphertext a = enc.encrypt(kg.publicKey(sk), Plaintext.of(ctx, RANDOM.longs(ctx.n(), 0, t).toArray()));
        Ciphertext b = enc.encryptSymmetric(sk, Plaintext.of(ctx, RANDOM.longs(ctx.n(), 0, t).toArray()));
        for (Ciphertext[] pair : new Ciphertext[][] {{a, b}, {a, a}}) {
            Ciphertext fast = ev.multiply(pair[0], pair[1], rk);
            Ciphertext exact = ev.multiplyExact(pair[0], pair[1], rk);
            assertArrayEquals(exact.c0.data, fast.c0.data, "c0");
            assertArrayEquals(exact.c1.data, fast.c1.data, "c1");
        }
        // A second level of products starts from ciphertexts with full-size noise.
        Ciphertext sq = ev.multiply(a, b, rk);
        assertArrayEquals(ev.multiplyExact(sq, sq, rk).c0.data, ev.multiply(sq, sq, rk).c0.data);
    }
}
