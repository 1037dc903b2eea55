package org.veilgrid.fhe.bfv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.fhe.wire.CiphertextMessage;
import org.veilgrid.fhe.wire.PolyMessage;

class CodecTest {
    private static final SplittableRandom RANDOM = new SplittableRandom(37);
    private static BfvContext ctx;
    private static BatchEncoder be;
    private static KeyGenerator kg;
    private static SecretKey sk;
    private static PublicKey pk;
    private static Encryptor enc;
    private static Decryptor dec;

    @BeforeAll
    static void setUp() {
        ctx = BfvContext.create(BfvParameters.preset(BfvPreset.N4096));
        be = new BatchEncoder(ctx);
        kg = new KeyGenerator(ctx);
        sk = kg.secretKey();
        pk = kg.publicKey(sk);
        enc = new Encryptor(ctx);
        dec = new Decryptor(ctx, sk);
    }

    private static long[] randomSlots() {
        return RANDOM.longs(ctx.n(), 0, ctx.parameters().plainModulus()).toArray();
    }

    @Test
    void everythingRoundTrips() {
        BfvParameters p = BfvCodec.decodeParameters(BfvCodec.encode(ctx.parameters()));
        assertEquals(ctx.parameters().primes(), p.primes());
        assertArrayEquals(BfvCodec.parametersId(ctx.parameters()), BfvCodec.parametersId(p));

        long[] v = randomSlots();
        Ciphertext c = enc.encrypt(pk, be.encode(v));
        Ciphertext back = BfvCodec.decodeCiphertext(ctx, BfvCodec.encode(c));
        assertArrayEquals(v, be.decode(dec.decrypt(back)));

        SecretKey sk2 = BfvCodec.decodeSecretKey(ctx, BfvCodec.encode(sk));
        PublicKey pk2 = BfvCodec.decodePublicKey(ctx, BfvCodec.encode(pk));
        assertArrayEquals(v, be.decode(new Decryptor(ctx, sk2).decrypt(enc.encrypt(pk2, be.encode(v)))));

        RelinKeys rk = BfvCodec.decodeRelinKeys(ctx, BfvCodec.encode(kg.relinKeys(sk)));
        GaloisKeys gk = BfvCodec.decodeGaloisKeys(ctx, BfvCodec.encode(kg.galoisKeys(sk, List.of(1), true)));
        Evaluator ev = new Evaluator(ctx);
        org.veilgrid.kernels.Modulus t = org.veilgrid.kernels.Modulus.of(ctx.parameters().plainModulus());
        long[] sq = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            sq[i] = t.mul(v[i], v[i]);
        }
        assertArrayEquals(sq, be.decode(dec.decrypt(ev.square(back, rk))));
        Ciphertext rotated = ev.rotateRows(back, 1, gk);
        assertEquals(v[1], be.decode(dec.decrypt(rotated))[0]);

        Ciphertext lower = ev.modSwitchToNext(c);
        Ciphertext lowerBack = BfvCodec.decodeCiphertext(ctx, BfvCodec.encode(lower));
        assertEquals(1, lowerBack.level());
        assertArrayEquals(v, be.decode(dec.decrypt(lowerBack)));
    }

    @Test
    void symmetricCiphertextsTravelWithASeedAndTakeHalfTheSpace() {
        long[] v = randomSlots();
        byte[] seeded = BfvCodec.encode(enc.encryptSymmetric(sk, be.encode(v)));
        byte[] full = BfvCodec.encode(enc.encrypt(pk, be.encode(v)));
        assertTrue(seeded.length < full.length * 0.51, seeded.length + " vs " + full.length);
        assertArrayEquals(v, be.decode(dec.decrypt(BfvCodec.decodeCiphertext(ctx, seeded))));
        // After an operation the seed no longer describes c1, so the full form is written.
        Ciphertext sum = new Evaluator(ctx).add(BfvCodec.decodeCiphertext(ctx, seeded), enc.encrypt(pk, be.encode(v)));
        assertTrue(BfvCodec.encode(sum).length > full.length * 0.9);
    }

    private static MalformedInputException rejected(byte[] bytes) {
        return assertThrows(MalformedInputException.class, () -> BfvCodec.decodeCiphertext(ctx, bytes));
    }

    @Test
    void malformedCiphertextsAreRejectedWithTheReason() {
        byte[] good = BfvCodec.encode(enc.encrypt(pk, be.encode(randomSlots())));
        CiphertextMessage m = parse(good);
        for (int cut : new int[] {0, 1, 5, 40, good.length / 2, good.length - 1}) {
            if (cut == 0) {
                assertTrue(rejected(new byte[0]).getMessage().contains("version"));
            } else {
                rejected(Arrays.copyOf(good, cut));
            }
        }
        assertTrue(rejected(m.toBuilder().setVersion(1).build().toByteArray()).getMessage().contains("version 1"));
        byte[] otherId = new byte[32];
        assertTrue(rejected(m.toBuilder().setParametersId(ByteString.copyFrom(otherId)).build().toByteArray())
                .getMessage().contains("parameters_id"));
        assertTrue(rejected(m.toBuilder().setLevel(3).build().toByteArray()).getMessage().contains("level"));
        PolyMessage shortPoly = PolyMessage.newBuilder().addAllResidues(m.getC0().getResiduesList().subList(0, 100)).build();
        assertTrue(rejected(m.toBuilder().setC0(shortPoly).build().toByteArray()).getMessage().contains("c0"));
        long q0 = ctx.parameters().primes().get(0);
        PolyMessage tooBig = m.getC0().toBuilder().setResidues(7, q0).build();
        assertTrue(rejected(m.toBuilder().setC0(tooBig).build().toByteArray()).getMessage().contains("residues[7]"));
        assertTrue(rejected(m.toBuilder().setC1Seed(ByteString.copyFrom(new byte[31])).build().toByteArray())
                .getMessage().contains("32 bytes"));
        assertTrue(rejected(m.toBuilder().clearC1().build().toByteArray()).getMessage().contains("missing"));
        assertTrue(rejected(new byte[good.length * 3]).getMessage().contains("more than"));
        byte[] garbage = new byte[1000];
        new java.util.Random(1).nextBytes(garbage);
        rejected(garbage);
    }

    @Test
    void keysForOtherParametersAreRefused() {
        BfvContext other = BfvContext.create(BfvParameters.preset(BfvPreset.N8192));
        assertThrows(MalformedInputException.class, () -> BfvCodec.decodePublicKey(other, BfvCodec.encode(pk)));
        assertThrows(MalformedInputException.class, () -> BfvCodec.decodeSecretKey(other, BfvCodec.encode(sk)));
        assertThrows(MalformedInputException.class, () -> BfvCodec.decodeParameters(new byte[] {8, 9}));
    }

    private static CiphertextMessage parse(byte[] b) {
        try {
            return CiphertextMessage.parseFrom(b);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
