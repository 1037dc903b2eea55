package org.veilgrid.fhe.bfv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.fhe.wire.CiphertextMessage;
import org.veilgrid.fhe.wire.SecretKeyMessage;

/** Every key and ciphertext names the secret key it belongs to; a mismatch is reported as such. */
class KeyIdTest {
    private static BfvContext ctx;
    private static BatchEncoder be;
    private static KeyGenerator kg;
    private static SecretKey mine;
    private static SecretKey other;
    private static Encryptor enc;

    @BeforeAll
    static void setUp() {
        ctx = BfvContext.create(BfvParameters.preset(BfvPreset.N4096));
        be = new BatchEncoder(ctx);
        kg = new KeyGenerator(ctx);
        mine = kg.secretKey();
        other = kg.secretKey();
        enc = new Encryptor(ctx);
    }

    private static Ciphertext encrypt(SecretKey sk, long v) {
        long[] slots = new long[ctx.n()];
        slots[0] = v;
        return enc.encrypt(kg.publicKey(sk), be.encode(slots));
    }

    @Test
    void keysAndCiphertextsCarryTheIdOfTheirSecretKey() {
        assertNotEquals(mine.keyId(), other.keyId());
        assertEquals(mine.keyId(), kg.publicKey(mine).keyId());
        assertEquals(mine.keyId(), kg.relinKeys(mine).keyId());
        assertEquals(mine.keyId(), kg.galoisKeys(mine, List.of(1), false).keyId());
        assertEquals(mine.keyId(), encrypt(mine, 1).keyId());
        assertEquals(mine.keyId(), enc.encryptSymmetric(mine, be.encode(new long[ctx.n()])).keyId());
        // the id is a function of the key: a decoded key has the same one
        assertEquals(mine.keyId(), BfvCodec.decodeSecretKey(ctx, BfvCodec.encode(mine)).keyId());
        Evaluator ev = new Evaluator(ctx);
        Ciphertext c = ev.modSwitchToNext(ev.add(encrypt(mine, 2), encrypt(mine, 3)));
        assertEquals(mine.keyId(), c.keyId());
        assertEquals(mine.keyId(), BfvCodec.decodeCiphertext(ctx, BfvCodec.encode(c)).keyId());
    }

    @Test
    void decryptingWithAnotherSecretKeySaysTheKeyDoesNotMatch() {
        Ciphertext c = encrypt(mine, 7);
        Decryptor wrong = new Decryptor(ctx, other);
        ParameterException e = assertThrows(ParameterException.class, () -> wrong.decrypt(c));
        assertTrue(e.getMessage().contains("another secret key") && e.getMessage().contains(c.keyId().toString()),
                e.getMessage());
        assertThrows(ParameterException.class, () -> wrong.noiseBudget(c));
        assertEquals(7, be.decode(new Decryptor(ctx, mine).decrypt(c))[0]);
    }

    @Test
    void combiningAcrossKeysIsRefused() {
        Evaluator ev = new Evaluator(ctx);
        Ciphertext a = encrypt(mine, 1);
        Ciphertext b = encrypt(other, 1);
        assertThrows(ParameterException.class, () -> ev.add(a, b));
        assertThrows(ParameterException.class, () -> ev.sub(a, b));
        assertThrows(ParameterException.class, () -> ev.addInPlace(a, b));
        assertThrows(ParameterException.class, () -> ev.multiply(a, b, kg.relinKeys(mine)));
        ParameterException rk = assertThrows(ParameterException.class, () -> ev.multiply(a, a, kg.relinKeys(other)));
        assertTrue(rk.getMessage().contains("relinearization keys"), rk.getMessage());
        GaloisKeys gk = kg.galoisKeys(other, List.of(1), true);
        assertThrows(ParameterException.class, () -> ev.rotateRows(a, 1, gk));
        assertThrows(ParameterException.class, () -> ev.swapRows(a, gk));
    }

    @Test
    void decodersRequireASixteenByteKeyIdAndAMatchingOneForSecretKeys() throws Exception {
        CiphertextMessage m = CiphertextMessage.parseFrom(BfvCodec.encode(encrypt(mine, 1)));
        MalformedInputException shortId = assertThrows(MalformedInputException.class, () -> BfvCodec.decodeCiphertext(ctx,
                m.toBuilder().setKeyId(ByteString.copyFrom(new byte[15])).build().toByteArray()));
        assertTrue(shortId.getMessage().contains("key_id"), shortId.getMessage());
        assertThrows(MalformedInputException.class, () -> BfvCodec.decodeCiphertext(ctx, m.toBuilder().clearKeyId().build()
                .toByteArray()));
        SecretKeyMessage s = SecretKeyMessage.parseFrom(BfvCodec.encode(mine));
        assertThrows(MalformedInputException.class, () -> BfvCodec.decodeSecretKey(ctx,
                s.toBuilder().setKeyId(ByteString.copyFrom(other.keyId().bytes())).build().toByteArray()));
        // version 2 (no key ids) is refused by version
        MalformedInputException v2 = assertThrows(MalformedInputException.class, () -> BfvCodec.decodeCiphertext(ctx,
                m.toBuilder().setVersion(2).build().toByteArray()));
        assertTrue(v2.getMessage().contains("version 2"), v2.getMessage());
        assertArrayEquals(mine.keyId().bytes(), m.getKeyId().toByteArray());
    }
}
