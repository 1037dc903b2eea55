package org.veilgrid.fhe.ckks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.ParameterException;

/** Every CKKS key and ciphertext names the secret key it belongs to; a mismatch is reported as such. */
class CkksKeyIdTest {
    private static CkksContext ctx;
    private static KeyGenerator kg;
    private static SecretKey mine;
    private static SecretKey other;
    private static Encryptor enc;

    @BeforeAll
    static void setUp() {
        ctx = CkksContext.create(CkksParameters.preset(CkksPreset.N8192));
        kg = new KeyGenerator(ctx);
        mine = kg.secretKey();
        other = kg.secretKey();
        enc = new Encryptor(ctx);
    }

    private static Ciphertext encrypt(SecretKey sk, double v) {
        return enc.encrypt(kg.publicKey(sk), ctx.encode(new double[] {v}));
    }

    @Test
    void keysAndCiphertextsCarryTheIdOfTheirSecretKey() {
        assertNotEquals(mine.keyId(), other.keyId());
        assertEquals(KeyId.LENGTH, mine.keyId().bytes().length);
        assertEquals(mine.keyId(), kg.publicKey(mine).keyId());
        assertEquals(mine.keyId(), kg.relinKeys(mine).keyId());
        assertEquals(mine.keyId(), kg.galoisKeys(mine, List.of(1), false).keyId());
        assertEquals(mine.keyId(), encrypt(mine, 1).keyId());
        assertEquals(mine.keyId(), enc.encryptSymmetric(mine, ctx.encode(new double[] {1})).keyId());
        // The id is a function of the key and the parameters, not of the object.
        assertEquals(mine.keyId(), new SecretKey(ctx, mine.s.copy()).keyId());
        Evaluator ev = new Evaluator(ctx);
        Ciphertext c = ev.rescale(ev.multiplyPlain(ev.add(encrypt(mine, 2), encrypt(mine, 3)), ctx.encode(new double[] {1})));
        assertEquals(mine.keyId(), c.keyId());
    }

    @Test
    void decryptingWithAnotherSecretKeySaysTheKeyDoesNotMatch() {
        Ciphertext c = encrypt(mine, 7);
        Decryptor wrong = new Decryptor(ctx, other);
        ParameterException e = assertThrows(ParameterException.class, () -> wrong.decrypt(c));
        assertTrue(e.getMessage().contains("another secret key") && e.getMessage().contains(c.keyId().toString()),
                e.getMessage());
        assertEquals(7, new Decryptor(ctx, mine).decrypt(c).real(0), 1e-3);
    }

    @Test
    void idsSurviveTheWire() {
        Ciphertext c = encrypt(mine, 3);
        Ciphertext back = CkksCodec.decodeCiphertext(ctx, CkksCodec.encode(c));
        assertEquals(mine.keyId(), back.keyId());
        SecretKey decodedOther = CkksCodec.decodeSecretKey(ctx, CkksCodec.encode(other));
        assertEquals(other.keyId(), decodedOther.keyId());
        ParameterException e = assertThrows(ParameterException.class, () -> new Decryptor(ctx, decodedOther).decrypt(back));
        assertTrue(e.getMessage().contains(mine.keyId().toString()), e.getMessage());
        Evaluator ev = new Evaluator(ctx);
        RelinKeys rk = CkksCodec.decodeRelinKeys(ctx, CkksCodec.encode(kg.relinKeys(mine)));
        assertEquals(3 * 3, new Decryptor(ctx, mine).decrypt(ev.rescale(ev.multiply(back, c, rk))).real(0), 1e-2);
        assertThrows(ParameterException.class, () -> ev.multiply(back, c,
                CkksCodec.decodeRelinKeys(ctx, CkksCodec.encode(kg.relinKeys(other)))));
    }

    @Test
    void combiningAcrossKeysIsRefusedByName() {
        Evaluator ev = new Evaluator(ctx);
        Ciphertext a = encrypt(mine, 1);
        Ciphertext b = encrypt(other, 1);
        ParameterException sum = assertThrows(ParameterException.class, () -> ev.add(a, b));
        assertTrue(sum.getMessage().contains("different secret keys") && sum.getMessage().contains(b.keyId().toString()),
                sum.getMessage());
        assertThrows(ParameterException.class, () -> ev.sub(a, b));
        assertThrows(ParameterException.class, () -> ev.multiply(a, b, kg.relinKeys(mine)));
        ParameterException rk = assertThrows(ParameterException.class, () -> ev.multiply(a, a, kg.relinKeys(other)));
        assertTrue(rk.getMessage().contains("relinearization keys were made from another secret key"), rk.getMessage());
        GaloisKeys gk = kg.galoisKeys(other, List.of(1), true);
        ParameterException rot = assertThrows(ParameterException.class, () -> ev.rotate(a, 1, gk));
        assertTrue(rot.getMessage().contains("Galois keys were made from another secret key than the ciphertext's"),
                rot.getMessage());
        assertThrows(ParameterException.class, () -> ev.conjugate(a, gk));
    }
}
