package org.veilgrid.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Ristretto255 decoding and encoding in the curve kernels, native and the Java twin: RFC 9496's
 * vectors (appendix A.1 and A.2) on every backend, and the two backends giving the same limbs
 * and bytes on random points and random byte strings.
 */
class RistrettoCodecTest {

    private static final HexFormat HEX = HexFormat.of();

    private static List<CurveKernels> backends() {
        List<CurveKernels> r = new ArrayList<>();
        r.add(CurveKernels.java());
        CurveKernels.nativeKernels().ifPresent(r::add);
        return r;
    }

    @Test
    void theMultiplesOfTheGeneratorDecodeAndEncodeBackOnEveryBackend() {
        for (CurveKernels k : backends()) {
            for (int i = 0; i < Rfc9496Vectors.MULTIPLES.length; i++) {
                byte[] in = HEX.parseHex(Rfc9496Vectors.MULTIPLES[i]);
                long[] point = new long[20];
                assertTrue(k.ristrettoDecode(in, 0, point), k + ": " + i + "B");
                byte[] out = new byte[32];
                k.ristrettoEncode(point, out, 0);
                assertEquals(Rfc9496Vectors.MULTIPLES[i], HEX.formatHex(out), k + ": " + i + "B");
            }
        }
    }

    @Test
    void theSumOfDecodedMultiplesEncodesAsTheNextMultiple() {
        // iB + B = (i + 1)B through an MSM with scalars (1, 1): the decoded limbs are points.
        for (CurveKernels k : backends()) {
            long[] generator = new long[20];
            assertTrue(k.ristrettoDecode(HEX.parseHex(Rfc9496Vectors.MULTIPLES[1]), 0, generator));
            for (int i = 0; i + 1 < Rfc9496Vectors.MULTIPLES.length; i++) {
                long[] points = new long[40];
                assertTrue(k.ristrettoDecode(HEX.parseHex(Rfc9496Vectors.MULTIPLES[i]), 0, points));
                System.arraycopy(generator, 0, points, 20, 20);
                byte[] ones = new byte[64];
                ones[0] = 1;
                ones[32] = 1;
                long[] sum = new long[20];
                k.msm(ones, points, 2, sum);
                byte[] out = new byte[32];
                k.ristrettoEncode(sum, out, 0);
                assertEquals(Rfc9496Vectors.MULTIPLES[i + 1], HEX.formatHex(out), k + ": " + i + "B + B");
            }
        }
    }

    @Test
    void everyInvalidEncodingOfTheRfcIsRejectedOnEveryBackend() {
        for (CurveKernels k : backends()) {
            for (String s : Rfc9496Vectors.INVALID) {
                assertFalse(k.ristrettoDecode(HEX.parseHex(s), 0, new long[20]), k + ": " + s);
            }
        }
    }

    @Test
    void nativeAndJavaGiveTheSameLimbsAndBytesOnRandomInputs() {
        CurveKernels java = CurveKernels.java();
        CurveKernels nat = CurveKernels.nativeKernels().orElse(null);
        Random rng = new Random(9496);
        long[] generator = new long[20];
        assertTrue(java.ristrettoDecode(HEX.parseHex(Rfc9496Vectors.MULTIPLES[1]), 0, generator));
        int valid = 0;
        for (int trial = 0; trial < 300; trial++) {
            // a random point, encoded and decoded again
            byte[] scalar = new byte[32];
            rng.nextBytes(scalar);
            scalar[31] &= 0x0f;
            long[] point = new long[20];
            java.scalarMul(scalar, generator, point);
            byte[] enc = new byte[32];
            java.ristrettoEncode(point, enc, 0);
            long[] back = new long[20];
            assertTrue(java.ristrettoDecode(enc, 0, back));
            byte[] again = new byte[32];
            java.ristrettoEncode(back, again, 0);
            assertArrayEquals(enc, again);
            // random bytes (mostly invalid) at an offset
            byte[] noise = new byte[40];
            rng.nextBytes(noise);
            long[] javaNoise = new long[20];
            boolean javaOk = java.ristrettoDecode(noise, 5, javaNoise);
            valid += javaOk ? 1 : 0;
            if (nat != null) {
                byte[] natEnc = new byte[32];
                nat.ristrettoEncode(point, natEnc, 0);
                assertArrayEquals(enc, natEnc, "encoding of a random point");
                long[] natBack = new long[20];
                assertTrue(nat.ristrettoDecode(enc, 0, natBack));
                assertArrayEquals(back, natBack, "decoded limbs of a random point");
                long[] natNoise = new long[20];
                assertEquals(javaOk, nat.ristrettoDecode(noise, 5, natNoise), "validity of random bytes");
                assertArrayEquals(javaNoise, natNoise, "limbs decoded from random bytes");
            }
        }
        // About 1 in 8 random strings with bit 255 clear and s non-negative decode; some must.
        assertTrue(valid > 0 && valid < 150, "valid random encodings: " + valid);
    }

    @Test
    void badArgumentsGetATypedError() {
        CurveKernels k = CurveKernels.get();
        assertThrows(KernelArgumentException.class, () -> k.ristrettoDecode(new byte[31], 0, new long[20]));
        assertThrows(KernelArgumentException.class, () -> k.ristrettoDecode(new byte[40], 9, new long[20]));
        assertThrows(KernelArgumentException.class, () -> k.ristrettoDecode(new byte[32], 0, new long[19]));
        assertThrows(KernelArgumentException.class, () -> k.ristrettoEncode(new long[20], new byte[31], 0));
        long[] wide = new long[20];
        wide[3] = 1L << 53;
        assertThrows(KernelArgumentException.class, () -> k.ristrettoEncode(wide, new byte[32], 0));
    }
}
