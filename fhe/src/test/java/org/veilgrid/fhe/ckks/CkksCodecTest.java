package org.veilgrid.fhe.ckks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.fhe.rns.BitPacking;
import org.veilgrid.fhe.rns.KeySwitchKey;
import org.veilgrid.fhe.rns.PolyArithmetic;
import org.veilgrid.fhe.rns.RnsBasis;
import org.veilgrid.fhe.rns.RnsPoly;
import org.veilgrid.fhe.wire.CkksCiphertextMessage;
import org.veilgrid.fhe.wire.CkksGaloisKeyMessage;
import org.veilgrid.fhe.wire.CkksGaloisKeysMessage;
import org.veilgrid.fhe.wire.CkksKeySwitchDigitMessage;
import org.veilgrid.fhe.wire.CkksParametersMessage;
import org.veilgrid.fhe.wire.CkksPublicKeyMessage;
import org.veilgrid.fhe.wire.CkksRelinKeysMessage;
import org.veilgrid.fhe.wire.CkksSecretKeyMessage;
import org.veilgrid.kernels.Primes;

/** The CKKS wire format: round trips, sizes, and a typed refusal for every rule a decoder checks. */
class CkksCodecTest {
    private static final SplittableRandom RANDOM = new SplittableRandom(1818);
    private static CkksContext ctx;
    private static KeyGenerator kg;
    private static SecretKey sk;
    private static PublicKey pk;
    private static RelinKeys rk;
    private static GaloisKeys gk;
    private static Encryptor enc;
    private static Decryptor dec;
    private static Evaluator ev;

    @BeforeAll
    static void setUp() {
        ctx = CkksContext.create(CkksParameters.preset(CkksPreset.N8192));
        kg = new KeyGenerator(ctx);
        sk = kg.secretKey();
        pk = kg.publicKey(sk);
        rk = kg.relinKeys(sk);
        gk = kg.galoisKeys(sk, List.of(1, 4), true);
        enc = new Encryptor(ctx);
        dec = new Decryptor(ctx, sk);
        ev = new Evaluator(ctx);
    }

    /**
     * A key's first switch lays its rows out for the inner products and drops its per-digit
     * polynomials (so a key in use is held once); its digits, and so its encoding, stay the same.
     */
    @Test
    void aKeyEncodesTheSameBeforeAndAfterItsFirstSwitch() {
        RelinKeys fresh = kg.relinKeys(sk);
        byte[] before = CkksCodec.encode(fresh);
        long[] b0 = fresh.key.b(0).data.clone();
        long[] a1 = fresh.key.a(1).data.clone();
        Ciphertext x = enc.encrypt(pk, ctx.encode(random()));
        ev.multiply(x, x, fresh);
        assertArrayEquals(b0, fresh.key.b(0).data);
        assertArrayEquals(a1, fresh.key.a(1).data);
        assertArrayEquals(before, CkksCodec.encode(fresh));
        assertEquals(fresh.key.digits(), CkksCodec.decodeRelinKeys(ctx, before).key.digits());
        assertThrows(IndexOutOfBoundsException.class, () -> fresh.key.b(fresh.key.digits()));
    }

    private static double[] random() {
        return RANDOM.doubles(ctx.slots(), -1, 1).toArray();
    }

    private static void assertSame(Ciphertext expected, Ciphertext actual) {
        assertEquals(expected.level, actual.level);
        assertEquals(expected.scale, actual.scale);
        assertEquals(expected.keyId(), actual.keyId());
        assertArrayEquals(expected.c0.data, actual.c0.data);
        assertArrayEquals(expected.c1.data, actual.c1.data);
    }

    private static void assertSame(KeySwitchKey expected, KeySwitchKey actual) {
        assertEquals(expected.digits(), actual.digits());
        for (int j = 0; j < expected.digits(); j++) {
            assertArrayEquals(expected.b(j).data, actual.b(j).data);
            assertArrayEquals(expected.a(j).data, actual.a(j).data);
        }
    }

    @Test
    void parametersRoundTripWithTheirId() {
        for (CkksPreset preset : CkksPreset.values()) {
            CkksParameters p = CkksParameters.preset(preset);
            CkksParameters back = CkksCodec.decodeParameters(CkksCodec.encode(p));
            assertEquals(p.n(), back.n());
            assertEquals(p.ciphertextPrimes(), back.ciphertextPrimes());
            assertEquals(p.specialPrime(), back.specialPrime());
            assertEquals(p.scale(), back.scale());
            assertArrayEquals(CkksCodec.parametersId(p), CkksCodec.parametersId(back));
            assertEquals(32, CkksCodec.parametersId(p).length);
        }
        CkksParameters p = ctx.parameters();
        CkksParameters otherScale = CkksParameters.of(p.n(), p.ciphertextPrimes(), p.specialPrime(), 0x1p30);
        assertTrue(!Arrays.equals(CkksCodec.parametersId(p), CkksCodec.parametersId(otherScale)));
    }

    @Test
    void ciphertextsRoundTripAndDecryptAsBefore() {
        double[] re = random();
        double[] im = random();
        Ciphertext fresh = enc.encrypt(pk, ctx.encode(re, im, 0, ctx.parameters().scale()));
        Ciphertext seeded = enc.encryptSymmetric(sk, ctx.encode(re, im, 0, ctx.parameters().scale()));
        Ciphertext product = ev.rescale(ev.multiply(fresh, seeded, rk));
        Ciphertext lowSeeded = enc.encryptSymmetric(sk, ctx.encode(re, null, ctx.maxLevel(), ctx.parameters().scale()));
        for (Ciphertext c : List.of(fresh, seeded, product, lowSeeded)) {
            byte[] bytes = CkksCodec.encode(c);
            Ciphertext back = CkksCodec.decodeCiphertext(ctx, bytes);
            assertSame(c, back);
            assertEquals(dec.decrypt(c), dec.decrypt(back));
            // One encoding per ciphertext: a decoded seeded ciphertext is sent as its seed again.
            assertArrayEquals(bytes, CkksCodec.encode(back));
        }
        assertNull(product.c1Seed);
        assertNotNull(CkksCodec.decodeCiphertext(ctx, CkksCodec.encode(seeded)).c1Seed);
        // A decoded ciphertext combines with one that never left: the key ids match.
        Ciphertext sum = ev.add(CkksCodec.decodeCiphertext(ctx, CkksCodec.encode(fresh)), seeded);
        assertTrue(dec.decrypt(sum).maxDistance(twice(re), twice(im), ctx.slots()) < 1e-4);
    }

    private static double[] twice(double[] v) {
        return Arrays.stream(v).map(x -> 2 * x).toArray();
    }

    @Test
    void keysRoundTripAndWorkAsBefore() {
        SecretKey sk2 = CkksCodec.decodeSecretKey(ctx, CkksCodec.encode(sk));
        assertArrayEquals(sk.s.data, sk2.s.data);
        assertEquals(sk.keyId(), sk2.keyId());

        PublicKey pk2 = CkksCodec.decodePublicKey(ctx, CkksCodec.encode(pk));
        assertArrayEquals(pk.p0.data, pk2.p0.data);
        assertArrayEquals(pk.p1.data, pk2.p1.data);
        assertEquals(pk.keyId(), pk2.keyId());
        double[] v = random();
        assertTrue(new Decryptor(ctx, sk2).decrypt(enc.encrypt(pk2, ctx.encode(v))).maxDistance(v, new double[0], v.length)
                < 1e-5);

        RelinKeys rk2 = CkksCodec.decodeRelinKeys(ctx, CkksCodec.encode(rk));
        assertSame(rk.key, rk2.key);
        assertEquals(rk.keyId(), rk2.keyId());
        GaloisKeys gk2 = CkksCodec.decodeGaloisKeys(ctx, CkksCodec.encode(gk));
        assertEquals(gk.keys().keySet(), gk2.keys().keySet());
        gk.keys().forEach((g, key) -> assertSame(key, gk2.keys().get(g)));
        // Evaluation is deterministic: decoded keys give bit-identical results.
        Ciphertext a = enc.encrypt(pk, ctx.encode(random()));
        Ciphertext b = enc.encrypt(pk, ctx.encode(random()));
        assertSame(ev.multiply(a, b, rk), ev.multiply(a, b, rk2));
        assertSame(ev.rotate(a, 5, gk), ev.rotate(a, 5, gk2));
        assertSame(ev.conjugate(a, gk), ev.conjugate(a, gk2));
        assertArrayEquals(CkksCodec.encode(rk), CkksCodec.encode(rk2));
        assertArrayEquals(CkksCodec.encode(gk), CkksCodec.encode(gk2));
    }

    @Test
    void keysWithoutSeedsTravelInFullAtTwiceTheSize() {
        RelinKeys full = new RelinKeys(ctx, rk.key.withoutSeeds(), rk.owner);
        byte[] fullBytes = CkksCodec.encode(full);
        byte[] seededBytes = CkksCodec.encode(rk);
        assertTrue(seededBytes.length < fullBytes.length * 0.51, seededBytes.length + " vs " + fullBytes.length);
        RelinKeys back = CkksCodec.decodeRelinKeys(ctx, fullBytes);
        assertSame(rk.key, back.key);
        assertNull(back.key.seeds);
        assertArrayEquals(fullBytes, CkksCodec.encode(back));
        PublicKey fullPk = new PublicKey(ctx, pk.p0, pk.p1, pk.owner);
        PublicKey pkBack = CkksCodec.decodePublicKey(ctx, CkksCodec.encode(fullPk));
        assertArrayEquals(pk.p1.data, pkBack.p1.data);
        assertTrue(CkksCodec.encode(pk).length < CkksCodec.encode(fullPk).length * 0.51);
    }

    /** Prints the encoded sizes at N = 8192 and 16384 and checks them against the packing's arithmetic. */
    @Test
    void encodedSizesAreThePackedPolynomialsAndSeeds() {
        for (CkksPreset preset : List.of(CkksPreset.N8192, CkksPreset.N16384)) {
            CkksContext c = preset == CkksPreset.N8192 ? ctx : CkksContext.create(CkksParameters.preset(preset));
            KeyGenerator g = new KeyGenerator(c);
            SecretKey s = preset == CkksPreset.N8192 ? sk : g.secretKey();
            Encryptor e = new Encryptor(c);
            double[] v = new double[] {0.5};
            long top = BitPacking.polyBytes(c.ring(0).basis());
            long last = BitPacking.polyBytes(c.ring(c.maxLevel()).basis());
            long keyPoly = BitPacking.polyBytes(c.ring(0).keyBasis());
            int k = c.ring(0).primeCount();
            int fresh = CkksCodec.encode(e.encrypt(g.publicKey(s), c.encode(v))).length;
            int seeded = CkksCodec.encode(e.encryptSymmetric(s, c.encode(v))).length;
            int lastLevel = CkksCodec.encode(e.encryptSymmetric(s, c.encode(v, null, c.maxLevel(), c.parameters().scale())))
                    .length;
            int lastFull = CkksCodec.encode(e.encrypt(g.publicKey(s), c.encode(v, null, c.maxLevel(), c.parameters().scale())))
                    .length;
            RelinKeys r = preset == CkksPreset.N8192 ? rk : g.relinKeys(s);
            int relin = CkksCodec.encode(r).length;
            int relinFull = CkksCodec.encode(new RelinKeys(c, r.key.withoutSeeds(), r.owner)).length;
            int galois = CkksCodec.encode(g.galoisKeys(s, List.of(1), false)).length;
            int pkBytes = CkksCodec.encode(g.publicKey(s)).length;
            assertBetween(fresh, 2 * top, 100);
            assertBetween(seeded, top + 32, 100);
            assertBetween(lastLevel, last + 32, 100);
            assertBetween(lastFull, 2 * last, 100);
            assertBetween(relin, k * (keyPoly + 32), 100 + 8L * k);
            assertBetween(relinFull, 2 * k * keyPoly, 100 + 8L * k);
            assertBetween(galois, k * (keyPoly + 32), 110 + 8L * k);
            assertBetween(pkBytes, top + 32, 100);
            System.out.printf(java.util.Locale.ROOT, "CKKS sizes N=%d (%d primes + P): ciphertext fresh %d, seeded %d,"
                    + " last level %d (seeded) / %d (full), public key %d, relin key %d (full form %d, 64-bit words %d),"
                    + " one Galois key %d%n", c.n(), k, fresh, seeded, lastLevel, lastFull, pkBytes, relin, relinFull,
                    2L * k * (k + 1) * 8 * c.n(), galois);
        }
        // The brief's example: two 60-bit primes at N = 16384 take 2 * 2 * 16384 * 60 / 8 bytes.
        List<Long> p60 = Primes.nttPrimes(60, 16384, 3);
        CkksContext c60 = CkksContext.create(CkksParameters.of(16384, p60.subList(0, 2), p60.get(2), 0x1p40));
        KeyGenerator g60 = new KeyGenerator(c60);
        SecretKey s60 = g60.secretKey();
        int bytes = CkksCodec.encode(new Encryptor(c60).encrypt(g60.publicKey(s60), c60.encode(new double[] {1}))).length;
        assertBetween(bytes, 491_520, 100);
    }

    private static void assertBetween(long actual, long payload, long framing) {
        assertTrue(actual >= payload && actual <= payload + framing, actual + " bytes for a payload of " + payload);
    }

    // ------------------------------------------------------------------ refusals

    private static MalformedInputException refused(Function<byte[], ?> decoder, byte[] bytes, String... mentions) {
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> decoder.apply(bytes));
        for (String m : mentions) {
            assertTrue(e.getMessage().contains(m), "'" + e.getMessage() + "' does not mention '" + m + "'");
        }
        return e;
    }

    private static byte[] withUnknownField(com.google.protobuf.Message m) {
        return m.toBuilder().setUnknownFields(UnknownFieldSet.newBuilder()
                .addField(99, UnknownFieldSet.Field.newBuilder().addVarint(1).build()).build()).build().toByteArray();
    }

    @Test
    void malformedCiphertextsAreRefusedWithTheReason() throws InvalidProtocolBufferException {
        Function<byte[], ?> decode = b -> CkksCodec.decodeCiphertext(ctx, b);
        byte[] good = CkksCodec.encode(enc.encrypt(pk, ctx.encode(random())));
        CkksCiphertextMessage m = CkksCiphertextMessage.parseFrom(good);
        refused(decode, new byte[0], "version 0");
        refused(decode, null, "no bytes");
        for (int cut : new int[] {1, 5, 40, good.length / 2, good.length - 1}) {
            refused(decode, Arrays.copyOf(good, cut));
        }
        refused(decode, new byte[(int) CkksCodec.maxCiphertextBytes(ctx) + 1], "more than");
        byte[] garbage = new byte[1000];
        new java.util.Random(1).nextBytes(garbage);
        refused(decode, garbage);
        refused(decode, m.toBuilder().setVersion(2).build().toByteArray(), "version 2", "expected 1");
        refused(decode, withUnknownField(m), "unknown field 99");
        refused(decode, m.toBuilder().setParametersId(ByteString.copyFrom(new byte[31])).build().toByteArray(),
                "parameters_id", "expected 32 bytes");
        refused(decode, m.toBuilder().setParametersId(ByteString.copyFrom(new byte[32])).build().toByteArray(),
                "parameters_id", "other parameters");
        refused(decode, m.toBuilder().setKeyId(ByteString.copyFrom(new byte[15])).build().toByteArray(), "key_id", "16");
        refused(decode, m.toBuilder().clearKeyId().build().toByteArray(), "key_id");
        refused(decode, m.toBuilder().setLevel(4).build().toByteArray(), "level 4", "[0, 3]");
        refused(decode, m.toBuilder().setLevel(-1).build().toByteArray(), "level 4294967295");
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, 1.0, 0.5, -0x1p40, 0}) {
            refused(decode, m.toBuilder().setScale(bad).build().toByteArray(), "ciphertext.scale", "above 1");
        }
        refused(decode, m.toBuilder().setScale(0x1p169).build().toByteArray(), "scale 2^169", "below the level's modulus");
        // At level 1 a smaller modulus: c0 and c1 are then also of the wrong length, but the scale is checked first.
        refused(decode, m.toBuilder().setLevel(3).setScale(0x1p49).build().toByteArray(), "2^49");
        refused(decode, m.toBuilder().setC0(m.getC0().substring(1)).build().toByteArray(), "ciphertext.c0",
                "expected 173056 bytes but got 173055");
        refused(decode, m.toBuilder().setC1(m.getC1().concat(ByteString.copyFrom(new byte[1]))).build().toByteArray(),
                "ciphertext.c1");
        refused(decode, m.toBuilder().setLevel(1).build().toByteArray(), "ciphertext.c0");
        // Residue 0 of row 0 := 2^49 - 1, above the 49-bit q_0.
        byte[] c0 = m.getC0().toByteArray();
        Arrays.fill(c0, 0, 6, (byte) 0xff);
        c0[6] |= 0x01;
        refused(decode, m.toBuilder().setC0(ByteString.copyFrom(c0)).build().toByteArray(), "ciphertext.c0.residues[0][0]",
                "not below its prime q_0");
        refused(decode, m.toBuilder().clearC1().build().toByteArray(), "missing");
        refused(decode, m.toBuilder().setC1Seed(ByteString.copyFrom(new byte[31])).build().toByteArray(), "c1_seed",
                "expected 32 bytes");
        // Another context's objects are refused by parameters id.
        CkksContext other = CkksContext.create(CkksParameters.of(8192, ctx.parameters().ciphertextPrimes(),
                ctx.parameters().specialPrime(), 0x1p30));
        refused(b -> CkksCodec.decodeCiphertext(other, b), good, "other parameters");
    }

    @Test
    void malformedKeysAreRefusedWithTheReason() throws InvalidProtocolBufferException {
        CkksPublicKeyMessage p = CkksPublicKeyMessage.parseFrom(CkksCodec.encode(pk));
        Function<byte[], ?> publicKey = b -> CkksCodec.decodePublicKey(ctx, b);
        refused(publicKey, p.toBuilder().clearP1Seed().build().toByteArray(), "public key.p1", "missing");
        refused(publicKey, p.toBuilder().setP1Seed(ByteString.copyFrom(new byte[33])).build().toByteArray(), "p1_seed");
        refused(publicKey, p.toBuilder().setP0(ByteString.EMPTY).build().toByteArray(), "public key.p0");
        refused(publicKey, p.toBuilder().setVersion(0).build().toByteArray(), "version 0");
        refused(publicKey, withUnknownField(p), "unknown field");

        CkksSecretKeyMessage s = CkksSecretKeyMessage.parseFrom(CkksCodec.encode(sk));
        Function<byte[], ?> secretKey = b -> CkksCodec.decodeSecretKey(ctx, b);
        SecretKey other = kg.secretKey();
        refused(secretKey, s.toBuilder().setKeyId(ByteString.copyFrom(other.keyId().bytes())).build().toByteArray(),
                "key_id", "does not match");
        RnsBasis kb = ctx.ring(0).keyBasis();
        long[] notTernary = new long[ctx.n()];
        notTernary[5] = 2;
        RnsPoly two = PolyArithmetic.fromSigned(kb, notTernary);
        PolyArithmetic.toNtt(kb, two);
        MalformedInputException e = refused(secretKey, s.toBuilder().setS(ByteString.copyFrom(BitPacking.pack(kb, two)))
                .build().toByteArray(), "secret key.s", "not a ternary secret");
        assertTrue(!e.getMessage().contains("[5]"), e.getMessage());
        refused(secretKey, s.toBuilder().setS(s.getS().substring(8)).build().toByteArray(), "secret key.s");

        CkksRelinKeysMessage r = CkksRelinKeysMessage.parseFrom(CkksCodec.encode(rk));
        Function<byte[], ?> relin = b -> CkksCodec.decodeRelinKeys(ctx, b);
        refused(relin, r.toBuilder().setKey(r.getKey().toBuilder().removeDigits(3)).build().toByteArray(),
                "relinearization keys.key.digits", "expected 4 digits", "got 3");
        CkksKeySwitchDigitMessage d = r.getKey().getDigits(2);
        refused(relin, r.toBuilder().setKey(r.getKey().toBuilder().setDigits(2, d.toBuilder().clearASeed())).build()
                .toByteArray(), "digits[2].a", "missing");
        refused(relin, r.toBuilder().setKey(r.getKey().toBuilder().setDigits(2, d.toBuilder().setASeed(ByteString.EMPTY)))
                .build().toByteArray(), "digits[2].a_seed", "expected 32 bytes but got 0");
        refused(relin, r.toBuilder().setKey(r.getKey().toBuilder().setDigits(1, d.toBuilder().setB(d.getB().substring(1))))
                .build().toByteArray(), "digits[1].b");
        refused(relin, r.toBuilder().setKey(r.getKey().toBuilder().setDigits(0,
                CkksKeySwitchDigitMessage.parseFrom(withUnknownField(d)))).build().toByteArray(),
                "key.digits[0]", "unknown field 99");
        refused(relin, r.toBuilder().setKeyId(ByteString.copyFrom(new byte[17])).build().toByteArray(), "key_id");
    }

    @Test
    void galoisElementsMustBeOddBelowTwoNNotOneAndUnique() throws InvalidProtocolBufferException {
        CkksGaloisKeysMessage m = CkksGaloisKeysMessage.parseFrom(CkksCodec.encode(gk));
        assertEquals(3, m.getKeysCount());
        Function<byte[], ?> decode = b -> CkksCodec.decodeGaloisKeys(ctx, b);
        CkksGaloisKeyMessage first = m.getKeys(0);
        for (long bad : new long[] {0, 1, 2, 8192, 16384, 16385, -1}) {
            refused(decode, m.toBuilder().setKeys(0, first.toBuilder().setElement(bad)).build().toByteArray(),
                    "keys[0].element", "not an odd number in (1, 2N = 16384)");
        }
        refused(decode, m.toBuilder().addKeys(first).build().toByteArray(), "keys[3].element", "appears twice");
        refused(decode, m.toBuilder().setKeys(1, m.getKeys(1).toBuilder().clearKey()).build().toByteArray(), "keys[1].key",
                "missing");
        MalformedInputException many = assertThrows(MalformedInputException.class,
                () -> CkksCodec.decodeGaloisKeys(ctx, CkksCodec.encode(gk), 2));
        assertTrue(many.getMessage().contains("more than"), many.getMessage());
        assertEquals(3, CkksCodec.decodeGaloisKeys(ctx, CkksCodec.encode(gk), 3).size());
    }

    @Test
    void malformedParametersAreRefused() throws InvalidProtocolBufferException {
        CkksParametersMessage m = CkksParametersMessage.parseFrom(CkksCodec.encode(ctx.parameters()));
        Function<byte[], ?> decode = CkksCodec::decodeParameters;
        refused(decode, m.toBuilder().setVersion(7).build().toByteArray(), "version 7");
        refused(decode, m.toBuilder().clearCiphertextPrimes().build().toByteArray(), "ciphertext_primes", "got 0");
        for (double bad : new double[] {Double.NaN, Double.NEGATIVE_INFINITY, 1, 0}) {
            refused(decode, m.toBuilder().setScale(bad).build().toByteArray(), "parameters.scale");
        }
        refused(decode, withUnknownField(m), "unknown field");
        refused(decode, new byte[CkksCodec.MAX_PARAMETER_BYTES + 1], "more than");
        // Well-formed but unusable parameters are the context's to refuse.
        CkksParameters odd = CkksCodec.decodeParameters(m.toBuilder().setN(1000).build().toByteArray());
        assertThrows(ParameterException.class, () -> CkksContext.create(odd));
    }
}
