package org.veilgrid.zk.bulletproofs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.VeilException;
import org.veilgrid.zk.group.Scalar;

class RangeProofBundleTest {
    private static final SecureRandom RNG = new SecureRandom();

    private static byte[] bundle(int bits, long... values) {
        RangeParameters p = new RangeParameters(bits, values.length);
        Scalar[] blindings = new Scalar[values.length];
        for (int i = 0; i < values.length; i++) {
            blindings[i] = Scalar.random(RNG);
        }
        RangeProver.Output out = RangeProver.prove(p, values, blindings, RNG);
        return new RangeProofBundle(p, out.commitments(), out.proof()).toBytes();
    }

    @Test
    void aBundleRoundTripsAndVerifies() {
        byte[] b = bundle(16, 5, 1000);
        RangeProofBundle back = RangeProofBundle.fromBytes(b);
        back.verify();
        assertEquals(new RangeParameters(16, 2), back.params());
        assertArrayEquals(b, back.toBytes());
        assertEquals(0x85, b[0] & 0xff, "a five-element CBOR array");
        assertEquals(2, b[1], "version 2");
    }

    @Test
    void everyFlippedByteAndEveryTruncationIsRefused() {
        byte[] b = bundle(8, 200);
        for (int i = 0; i < b.length; i++) {
            byte[] t = b.clone();
            t[i] ^= (byte) (1 << (i % 8));
            assertThrows(VeilException.class, () -> RangeProofBundle.fromBytes(t).verify(), "byte " + i);
        }
        for (int n = 0; n < b.length; n++) {
            byte[] cut = Arrays.copyOf(b, n);
            assertThrows(MalformedInputException.class, () -> RangeProofBundle.fromBytes(cut), "length " + n);
        }
        byte[] longer = Arrays.copyOf(b, b.length + 1);
        assertThrows(MalformedInputException.class, () -> RangeProofBundle.fromBytes(longer));
    }

    @Test
    void theEarlierByteFormatAndOtherVersionsAreRefusedByName() {
        byte[] old = new byte[520];
        System.arraycopy(new byte[] {'V', 'G', 'R', 'B', 1, 8, 1}, 0, old, 0, 7);
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> RangeProofBundle.fromBytes(old));
        assertTrue(e.getMessage().contains("version-1 range proof") && e.getMessage().contains("reads version 2"),
                e.getMessage());
        byte[] v3 = bundle(8, 1);
        v3[1] = 3;
        e = assertThrows(MalformedInputException.class, () -> RangeProofBundle.fromBytes(v3));
        assertTrue(e.getMessage().contains("version-3 range proof"), e.getMessage());
    }
}
