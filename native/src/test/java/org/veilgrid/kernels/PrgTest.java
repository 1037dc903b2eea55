package org.veilgrid.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PrgTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final SplittableRandom RANDOM = new SplittableRandom(7);

    @AfterAll
    static void restore() {
        KernelPath.restoreBest();
    }

    static List<KernelPath> paths() {
        return KernelPath.all();
    }

    // RFC 8439, section 2.3.2: the block function test vector.
    private static final byte[] RFC_KEY = HEX.parseHex(
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static final byte[] RFC_NONCE = HEX.parseHex("000000090000004a00000000");
    private static final byte[] RFC_BLOCK = HEX.parseHex(
            "10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
            + "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e");

    @Test
    void javaBlockFunctionMatchesRfc8439() {
        assertArrayEquals(RFC_BLOCK, ChaCha20.block(RFC_KEY, 1, RFC_NONCE));
    }

    @Test
    void nativeBlockFunctionMatchesRfc8439() {
        assumeTrue(NativeLibrary.isLoaded(), "native library not loaded");
        byte[] out = new byte[64];
        NativeKernels.chachaBlock(RFC_KEY, 1, RFC_NONCE, out);
        assertArrayEquals(RFC_BLOCK, out);
    }

    @Test
    void keystreamMatchesTheJdkCipher() throws Exception {
        byte[] key = new byte[32];
        for (int i = 0; i < 32; i++) {
            key[i] = (byte) RANDOM.nextInt();
        }
        long stream = RANDOM.nextLong();
        Cipher c = Cipher.getInstance("ChaCha20");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"),
                new ChaCha20ParameterSpec(ChaCha20.nonceForStream(stream), 0));
        byte[] jdk = c.doFinal(new byte[64 * 5]);
        for (int blk = 0; blk < 5; blk++) {
            byte[] ours = ChaCha20.block(key, blk, ChaCha20.nonceForStream(stream));
            assertArrayEquals(java.util.Arrays.copyOfRange(jdk, 64 * blk, 64 * (blk + 1)), ours, "block " + blk);
        }
    }

    @Test
    void uniformReadsTheKeystreamAsMaskedLittleEndianWords() {
        // q = 2^62 - 57: mask is 62 bits, so word w of block 0 is accepted iff its low 62 bits < q.
        byte[] seed = new byte[32];
        long q = (1L << 62) - 57;
        byte[] block0 = ChaCha20.block(seed, 0, ChaCha20.nonceForStream(0));
        long[] expected = new long[8];
        int count = 0;
        for (int w = 0; w < 8; w++) {
            long v = 0;
            for (int b = 7; b >= 0; b--) {
                v = (v << 8) | (block0[8 * w + b] & 0xff);
            }
            v &= (1L << 62) - 1;
            if (v < q) {
                expected[count++] = v;
            }
        }
        long[] got = new long[count];
        Kernels.java().uniform(seed, 0, Modulus.of(q), got);
        assertArrayEquals(java.util.Arrays.copyOf(expected, count), got);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void sameSeedGivesSameValuesOnEveryPath(KernelPath path) {
        Kernels k = path.activate();
        long[] moduli = {2, 3, 12289, (1L << 32) + 15, 1152921504606830593L, (1L << 62) - 57, 1L << 61};
        for (long qv : moduli) {
            for (int len : new int[] {0, 1, 7, 8, 9, 1000, 8192}) {
                byte[] seed = new byte[32];
                for (int i = 0; i < 32; i++) {
                    seed[i] = (byte) RANDOM.nextInt();
                }
                long stream = RANDOM.nextLong();
                Modulus q = Modulus.of(qv);
                long[] viaJava = new long[len];
                long[] viaPath = new long[len + 2];
                Kernels.java().uniform(seed, stream, q, viaJava);
                k.uniform(seed, stream, q, viaPath, 1, len);
                assertArrayEquals(viaJava, java.util.Arrays.copyOfRange(viaPath, 1, len + 1), "q=" + qv + ", len=" + len);
                for (long v : viaJava) {
                    assertTrue(v >= 0 && v < qv, "value out of range");
                }
            }
        }
    }

    @Test
    void streamsAndSeedsAreIndependent() {
        byte[] seed = new byte[32];
        Modulus q = Modulus.of((1L << 62) - 57);
        long[] s0 = new long[64];
        long[] s1 = new long[64];
        Kernels.get().uniform(seed, 0, q, s0);
        Kernels.get().uniform(seed, 1, q, s1);
        assertFalse(java.util.Arrays.equals(s0, s1));
        seed[31] = 1;
        long[] s2 = new long[64];
        Kernels.get().uniform(seed, 0, q, s2);
        assertFalse(java.util.Arrays.equals(s0, s2));
    }

    @Test
    void valuesAreUniformEnoughForAChiSquareTest() {
        // 16 buckets over [0, q) for a q that forces rejections (just above a power of two).
        long qv = (1L << 40) + 1;
        int n = 160_000;
        long[] v = new long[n];
        Kernels.get().uniform(new byte[32], 99, Modulus.of(qv), v);
        int buckets = 16;
        long[] counts = new long[buckets];
        for (long x : v) {
            counts[(int) (x / ((qv + buckets - 1) / buckets))]++;
        }
        double expected = n / (double) buckets;
        double chi2 = 0;
        for (long c : counts) {
            chi2 += (c - expected) * (c - expected) / expected;
        }
        // 15 degrees of freedom: P(chi2 > 37.7) ~ 0.001. A fixed seed keeps the test deterministic.
        assertTrue(chi2 < 37.7, "chi-square " + chi2);
    }
}
