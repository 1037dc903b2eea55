package org.veilgrid.fhe.bfv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.kernels.Modulus;

class LinearAlgebraTest {
    private static final SplittableRandom RANDOM = new SplittableRandom(29);
    private static BfvContext ctx;
    private static LinearAlgebra la;
    private static SecretKey sk;
    private static PublicKey pk;
    private static RelinKeys rk;
    private static GaloisKeys gk;
    private static Encryptor enc;
    private static Decryptor dec;
    private static Modulus t;

    @BeforeAll
    static void setUp() {
        ctx = BfvContext.create(BfvParameters.preset(BfvPreset.N8192));
        la = new LinearAlgebra(ctx);
        KeyGenerator kg = new KeyGenerator(ctx);
        sk = kg.secretKey();
        pk = kg.publicKey(sk);
        rk = kg.relinKeys(sk);
        gk = kg.galoisKeys(sk);
        enc = new Encryptor(ctx);
        dec = new Decryptor(ctx, sk);
        t = Modulus.of(ctx.parameters().plainModulus());
    }

    private static long[] randomVector(int d) {
        return RANDOM.longs(d, 0, t.value()).toArray();
    }

    @ParameterizedTest(name = "d = {0}")
    @ValueSource(ints = {1, 2, 16, 64, 128})
    void matrixTimesEncryptedVectorMatchesCleartext(int d) {
        long[][] m = new long[d][];
        for (int i = 0; i < d; i++) {
            m[i] = randomVector(d);
        }
        long[] v = randomVector(d);
        long[] expected = new long[d];
        for (int i = 0; i < d; i++) {
            long acc = 0;
            for (int j = 0; j < d; j++) {
                acc = t.add(acc, t.mul(m[i][j], v[j]));
            }
            expected[i] = acc;
        }
        Ciphertext cv = enc.encrypt(pk, la.encodeVector(v));
        Ciphertext result = la.matVec(cv, m, gk);
        assertArrayEquals(expected, la.decodeVector(dec.decrypt(result), d));
        PreparedMatrix prepared = la.prepare(m);
        assertEquals(d, prepared.dimension());
        assertArrayEquals(expected, la.decodeVector(dec.decrypt(la.matVec(cv, prepared, gk)), d));
    }

    @Test
    void aPreparedMatrixServesOnlyItsLevel() {
        int d = 16;
        long[][] m = new long[d][];
        for (int i = 0; i < d; i++) {
            m[i] = randomVector(d);
        }
        long[] v = randomVector(d);
        Ciphertext top = enc.encryptSymmetric(sk, la.encodeVector(v));
        Ciphertext lower = new Evaluator(ctx).modSwitchToNext(top);
        PreparedMatrix atTop = la.prepare(m);
        assertThrows(ParameterException.class, () -> la.matVec(lower, atTop, gk));
        PreparedMatrix atLower = la.prepare(m, lower);
        assertEquals(1, atLower.level());
        assertArrayEquals(la.decodeVector(dec.decrypt(la.matVec(top, atTop, gk)), d),
                la.decodeVector(dec.decrypt(la.matVec(lower, atLower, gk)), d));
        assertEquals("PreparedMatrix(16 x 16, N = 8192, level 0)", atTop.toString());
        long[][] notSquare = {new long[16]};
        assertThrows(ParameterException.class, () -> la.prepare(notSquare));
    }

    @Test
    void sparseAndZeroMatrices() {
        int d = 32;
        long[][] identity = new long[d][d];
        long[][] zero = new long[d][d];
        for (int i = 0; i < d; i++) {
            identity[i][i] = 1;
        }
        long[] v = randomVector(d);
        Ciphertext cv = enc.encryptSymmetric(sk, la.encodeVector(v));
        assertArrayEquals(v, la.decodeVector(dec.decrypt(la.matVec(cv, identity, gk)), d));
        assertArrayEquals(new long[d], la.decodeVector(dec.decrypt(la.matVec(cv, zero, gk)), d));
    }

    @Test
    void innerProductsLandInEverySlot() {
        int d = 256;
        long[] a = randomVector(d);
        long[] b = randomVector(d);
        long expected = 0;
        for (int i = 0; i < d; i++) {
            expected = t.add(expected, t.mul(a[i], b[i]));
        }
        Ciphertext ca = enc.encrypt(pk, la.encodeVector(a));
        Ciphertext cb = enc.encrypt(pk, la.encodeVector(b));
        long[] both = la.decodeVector(dec.decrypt(la.innerProduct(ca, cb, d, rk, gk)), d);
        long[] plain = la.decodeVector(dec.decrypt(la.innerProduct(ca, b, gk)), d);
        for (int i = 0; i < d; i++) {
            assertEquals(expected, both[i], "slot " + i);
            assertEquals(expected, plain[i], "slot " + i);
        }
    }

    @Test
    void badShapesAreRefused() {
        Ciphertext c = enc.encryptSymmetric(sk, la.encodeVector(new long[4]));
        assertThrows(ParameterException.class, () -> la.encodeVector(new long[3]));
        assertThrows(ParameterException.class, () -> la.matVec(c, new long[][] {{1, 2}, {3}}, gk));
        assertThrows(ParameterException.class, () -> la.matVec(c, new long[][] {{1, -2}, {3, 4}}, gk));
        assertThrows(ParameterException.class, () -> la.encodeVector(new long[ctx.n()]));
    }
}
