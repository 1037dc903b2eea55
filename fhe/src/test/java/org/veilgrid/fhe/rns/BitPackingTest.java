package org.veilgrid.fhe.rns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.kernels.Modulus;

class BitPackingTest {
    private static final SplittableRandom RANDOM = new SplittableRandom(60);

    /** A basis of moduli only: packing needs no NTT tables. */
    private static RnsBasis basis(int n, long... moduli) {
        Modulus[] m = new Modulus[moduli.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = Modulus.of(moduli[i]);
        }
        return new RnsBasis(n, m, null);
    }

    private static RnsPoly random(RnsBasis b) {
        RnsPoly p = new RnsPoly(b.n, b.size(), true);
        for (int i = 0; i < b.size(); i++) {
            long q = b.moduli[i].value();
            for (int j = 0; j < b.n; j++) {
                p.data[i * b.n + j] = j == 0 ? q - 1 : j == 1 ? 0 : RANDOM.nextLong(q);
            }
        }
        return p;
    }

    @Test
    void everyBitLengthRoundTripsAtItsOwnSize() {
        for (int bits = 2; bits <= 62; bits++) {
            long q = (1L << (bits - 1)) + 1 + RANDOM.nextLong(1L << (bits - 2));
            for (int n : new int[] {3, 8, 13, 1024}) {
                RnsBasis b = basis(n, q, (1L << 61) - 1);
                RnsPoly p = random(b);
                byte[] packed = BitPacking.pack(b, p);
                assertEquals((n * bits + 7) / 8 + (n * 61 + 7) / 8, packed.length);
                assertArrayEquals(p.data, BitPacking.unpack(b, packed, "p").data, "bits " + bits + ", n " + n);
            }
        }
    }

    @Test
    void theStreamIsLittleEndianBitByBit() {
        // Residues 5 and 3 at 3 bits: 101 then 011 from bit 0 = 0b011101 = 0x1d.
        RnsBasis b = basis(2, 7);
        RnsPoly p = new RnsPoly(2, 1, true);
        p.data[0] = 5;
        p.data[1] = 3;
        assertArrayEquals(new byte[] {0x1d}, BitPacking.pack(b, p));
        // Two 60-bit rows of N = 16384 take 2 * 16384 * 60 / 8 bytes.
        long q60 = (1L << 60) - 93;
        assertEquals(245_760, BitPacking.polyBytes(basis(16384, q60, q60 - 2)));
    }

    @Test
    void lengthsResiduesAndPaddingAreChecked() {
        RnsBasis b = basis(3, 17, 29);
        byte[] good = BitPacking.pack(b, random(b));
        assertEquals(4, good.length);
        MalformedInputException shortOne = assertThrows(MalformedInputException.class,
                () -> BitPacking.unpack(b, java.util.Arrays.copyOf(good, 3), "c0"));
        assertTrue(shortOne.getMessage().contains("expected 4 bytes"), shortOne.getMessage());
        assertThrows(MalformedInputException.class, () -> BitPacking.unpack(b, new byte[5], "c0"));
        // 17 is 5 bits: residue 1 of row 0 := 17 (bits 5..9).
        byte[] tooBig = good.clone();
        long row0 = (tooBig[0] & 0xff) | (tooBig[1] & 0xff) << 8;
        row0 = (row0 & ~(0x1fL << 5)) | (17L << 5);
        tooBig[0] = (byte) row0;
        tooBig[1] = (byte) (row0 >>> 8);
        MalformedInputException big = assertThrows(MalformedInputException.class, () -> BitPacking.unpack(b, tooBig, "c0"));
        assertTrue(big.getMessage().contains("c0.residues[0][1]") && big.getMessage().contains("q_0 = 17"), big.getMessage());
        // Row 0 has 15 bits in 2 bytes: bit 15 is padding.
        byte[] padded = good.clone();
        padded[1] |= (byte) 0x80;
        MalformedInputException pad = assertThrows(MalformedInputException.class, () -> BitPacking.unpack(b, padded, "c0"));
        assertTrue(pad.getMessage().contains("padding"), pad.getMessage());
        // Every byte string of the right length decodes or is refused with a typed error.
        for (int trial = 0; trial < 2000; trial++) {
            byte[] any = new byte[4];
            RANDOM.nextBytes(any);
            try {
                RnsPoly p = BitPacking.unpack(b, any, "x");
                assertArrayEquals(any, BitPacking.pack(b, p));
            } catch (MalformedInputException expected) {
                // out of range or padding
            }
        }
    }
}
