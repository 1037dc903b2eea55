package org.veilgrid.zk.group;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cafe.cryptography.curve25519.CompressedRistretto;
import cafe.cryptography.curve25519.InvalidEncodingException;
import cafe.cryptography.curve25519.RistrettoElement;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** Our group against curve25519-elisabeth 0.1.0, an independent pure-Java Ristretto255. */
class ElisabethDifferentialTest {
    private static final SecureRandom RNG = new SecureRandom();
    private static final byte[] B = RistrettoPoint.GENERATOR.encode();

    private static RistrettoElement theirs(byte[] enc) {
        try {
            return new CompressedRistretto(enc).decompress();
        } catch (InvalidEncodingException e) {
            return null;
        }
    }

    @Test
    void hashToGroupAddScalarMultAgree() {
        RistrettoElement theirB = theirs(B);
        for (int i = 0; i < 200; i++) {
            byte[] wide = new byte[64];
            RNG.nextBytes(wide);
            RistrettoPoint p = RistrettoPoint.fromUniformBytes(wide);
            RistrettoElement q = RistrettoElement.fromUniformBytes(wide);
            assertArrayEquals(q.compress().toByteArray(), p.encode(), "from_uniform_bytes");

            byte[] sb = new byte[64];
            RNG.nextBytes(sb);
            Scalar k = Scalar.fromBytesWide(sb);
            cafe.cryptography.curve25519.Scalar kt = cafe.cryptography.curve25519.Scalar.fromBytesModOrderWide(sb);
            assertArrayEquals(kt.toByteArray(), k.toBytes(), "wide reduction");
            assertArrayEquals(q.multiply(kt).compress().toByteArray(), p.mul(k).encode(), "k*P");
            assertArrayEquals(theirB.multiply(kt).compress().toByteArray(), RistrettoPoint.mulBase(k).encode(), "k*B");
            assertArrayEquals(q.add(theirB).compress().toByteArray(), p.add(RistrettoPoint.GENERATOR).encode());
            assertArrayEquals(q.subtract(theirB).compress().toByteArray(), p.sub(RistrettoPoint.GENERATOR).encode());
            assertArrayEquals(q.dbl().compress().toByteArray(), p.dbl().encode());

            cafe.cryptography.curve25519.Scalar jt = cafe.cryptography.curve25519.Scalar.fromBytesModOrderWide(wide);
            Scalar j = Scalar.fromBytesWide(wide);
            assertArrayEquals(kt.multiply(jt).toByteArray(), k.mul(j).toBytes(), "scalar mul");
            assertArrayEquals(kt.add(jt).toByteArray(), k.add(j).toBytes(), "scalar add");
            assertArrayEquals(kt.subtract(jt).toByteArray(), k.sub(j).toBytes(), "scalar sub");
        }
    }

    @Test
    void decodingAcceptsAndRejectsTheSameBytes() {
        int accepted = 0;
        for (int i = 0; i < 3000; i++) {
            byte[] enc;
            if (i % 3 == 0) {
                enc = new byte[32];
                RNG.nextBytes(enc);
            } else {
                // a valid encoding with one byte perturbed, or valid as is
                enc = RistrettoPoint.random(RNG).encode();
                if (i % 3 == 1) {
                    enc[RNG.nextInt(32)] ^= (byte) (1 << RNG.nextInt(8));
                }
            }
            RistrettoPoint ours = RistrettoPoint.decodeOrNull(enc, 0);
            RistrettoElement their = theirs(enc);
            assertEquals(their != null, ours != null, Hex.encode(enc));
            if (ours != null) {
                accepted++;
                assertArrayEquals(their.compress().toByteArray(), ours.encode());
            }
        }
        org.junit.jupiter.api.Assertions.assertTrue(accepted > 1000);
    }
}
