package org.veilgrid.zk.group;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.security.SecureRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our group against libsodium's ristretto255 (Debian's libsodium-dev, through JNA). CI installs
 * the library (.ci/run); elsewhere the test is skipped with a message when it is absent.
 */
class LibsodiumDifferentialTest {
    /** The libsodium functions used, as C declares them. */
    public interface Sodium extends Library {
        int sodium_init();

        int crypto_core_ristretto255_is_valid_point(byte[] p);

        int crypto_core_ristretto255_add(byte[] r, byte[] p, byte[] q);

        int crypto_core_ristretto255_from_hash(byte[] p, byte[] r);

        int crypto_scalarmult_ristretto255(byte[] q, byte[] n, byte[] p);

        void crypto_core_ristretto255_scalar_reduce(byte[] r, byte[] s);

        void crypto_core_ristretto255_scalar_mul(byte[] z, byte[] x, byte[] y);

        int crypto_core_ristretto255_scalar_invert(byte[] recip, byte[] s);
    }

    private static Sodium sodium;
    private static final SecureRandom RNG = new SecureRandom();

    @BeforeAll
    static void load() {
        try {
            sodium = Native.load("sodium", Sodium.class);
        } catch (UnsatisfiedLinkError e) {
            Assumptions.assumeTrue(false,
                    "libsodium is not installed (apt-get install libsodium-dev); skipping the libsodium differential test");
        }
        Assumptions.assumeTrue(sodium.sodium_init() >= 0, "sodium_init failed");
    }

    @Test
    void groupOperationsAgree() {
        for (int i = 0; i < 300; i++) {
            byte[] h = new byte[64];
            RNG.nextBytes(h);
            byte[] theirs = new byte[32];
            assertEquals(0, sodium.crypto_core_ristretto255_from_hash(theirs, h));
            RistrettoPoint p = RistrettoPoint.fromUniformBytes(h);
            assertArrayEquals(theirs, p.encode(), "from_hash");

            byte[] wide = new byte[64];
            RNG.nextBytes(wide);
            byte[] k = new byte[32];
            sodium.crypto_core_ristretto255_scalar_reduce(k, wide);
            Scalar ks = Scalar.fromBytesWide(wide);
            assertArrayEquals(k, ks.toBytes(), "scalar_reduce");

            byte[] kp = new byte[32];
            assertEquals(0, sodium.crypto_scalarmult_ristretto255(kp, k, theirs));
            assertArrayEquals(kp, p.mul(ks).encode(), "scalarmult");

            byte[] sum = new byte[32];
            assertEquals(0, sodium.crypto_core_ristretto255_add(sum, theirs, kp));
            assertArrayEquals(sum, p.add(p.mul(ks)).encode(), "add");

            byte[] prod = new byte[32];
            byte[] j = new byte[32];
            sodium.crypto_core_ristretto255_scalar_reduce(j, h);
            sodium.crypto_core_ristretto255_scalar_mul(prod, k, j);
            assertArrayEquals(prod, ks.mul(Scalar.fromBytesWide(h)).toBytes(), "scalar_mul");
            byte[] inv = new byte[32];
            assertEquals(0, sodium.crypto_core_ristretto255_scalar_invert(inv, k));
            assertArrayEquals(inv, ks.invert().toBytes(), "scalar_invert");
        }
    }

    @Test
    void validityAgreesOnRandomAndPerturbedEncodings() {
        for (int i = 0; i < 3000; i++) {
            byte[] enc;
            if (i % 2 == 0) {
                enc = new byte[32];
                RNG.nextBytes(enc);
            } else {
                enc = RistrettoPoint.random(RNG).encode();
                enc[RNG.nextInt(32)] ^= (byte) (1 << RNG.nextInt(8));
            }
            // libsodium 1.0.18 ignores bit 255 of the encoding; RFC 9496 requires it to be zero
            // (a canonical field encoding), so with that bit set we must reject what it accepts.
            boolean topBit = (enc[31] & 0x80) != 0;
            boolean theirs = sodium.crypto_core_ristretto255_is_valid_point(enc) == 1;
            assertEquals(theirs && !topBit, RistrettoPoint.decodeOrNull(enc, 0) != null, Hex.encode(enc));
            if (topBit) {
                byte[] cleared = enc.clone();
                cleared[31] &= 0x7F;
                assertEquals(theirs, RistrettoPoint.decodeOrNull(cleared, 0) != null, Hex.encode(cleared));
            }
        }
        for (String s : Rfc9496VectorsTest.INVALID) {
            assertEquals(0, sodium.crypto_core_ristretto255_is_valid_point(Hex.decode(s)), s);
        }
    }
}
