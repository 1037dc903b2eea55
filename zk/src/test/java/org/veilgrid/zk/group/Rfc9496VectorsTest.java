package org.veilgrid.zk.group;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.MalformedInputException;

/** The test vectors of RFC 9496 appendix A. */
class Rfc9496VectorsTest {
    /** A.1: encodings of 0B .. 15B (kept once, in native's test jar). */
    static final String[] MULTIPLES = org.veilgrid.kernels.Rfc9496Vectors.MULTIPLES;

    /** A.2: encodings every decoder must reject. */
    static final String[] INVALID = org.veilgrid.kernels.Rfc9496Vectors.INVALID;

    /** A.3: hash-to-group inputs (SHA-512 of these labels) and outputs. */
    static final String[] LABELS = {
        "Ristretto is traditionally a short shot of espresso coffee",
        "made with the normal amount of ground coffee but extracted with",
        "about half the amount of water in the same amount of time",
        "by using a finer grind.",
        "This produces a concentrated shot of coffee per volume.",
        "Just pulling a normal shot short will produce a weaker shot",
        "and is not a Ristretto as some believe.",
    };
    static final String[] HASHED = {
        "3066f82a1a747d45120d1740f14358531a8f04bbffe6a819f86dfe50f44a0a46",
        "f26e5b6f7d362d2d2a94c5d0e7602cb4773c95a2e5c31a64f133189fa76ed61b",
        "006ccd2a9e6867e6a2c5cea83d3302cc9de128dd2a9a57dd8ee7b9d7ffe02826",
        "f8f0c87cf237953c5890aec3998169005dae3eca1fbb04548c635953c817f92a",
        "ae81e7dedf20a497e10c304a765c1767a42d6e06029758d2d7e8ef7cc4c41179",
        "e2705652ff9f5e44d3e841bf1c251cf7dddb77d140870d1ab2ed64f1a9ce8628",
        "80bd07262511cdde4863f8a7434cef696750681cb9510eea557088f76d9e5065",
    };

    @Test
    void constantsHaveTheirDefiningProperties() {
        FieldElement one = FieldElement.ONE;
        assertEquals(one.negate(), Constants.SQRT_M1.square());
        // SQRT_AD_MINUS_ONE^2 = a*d - 1 with a = -1
        assertEquals(Constants.D.negate().sub(one), Constants.SQRT_AD_MINUS_ONE.square());
        // INVSQRT_A_MINUS_D^2 * (a - d) = 1
        assertEquals(one, Constants.INVSQRT_A_MINUS_D.square().mul(one.negate().sub(Constants.D)));
        assertEquals(one.sub(Constants.D.square()), Constants.ONE_MINUS_D_SQ);
        assertEquals(Constants.D.sub(one).square(), Constants.D_MINUS_ONE_SQ);
        assertEquals(FieldElement.of(BigInteger.valueOf(121666)).mul(Constants.D),
                FieldElement.of(BigInteger.valueOf(121665)).negate());
    }

    @Test
    void multiplesOfTheGeneratorByAdditionAndByScalar() {
        RistrettoPoint acc = RistrettoPoint.IDENTITY;
        for (int i = 0; i < MULTIPLES.length; i++) {
            assertEquals(MULTIPLES[i], Hex.encode(acc.encode()), "encoding of " + i + "B");
            assertEquals(MULTIPLES[i], Hex.encode(RistrettoPoint.GENERATOR.mul(Scalar.ofLong(i)).encode()));
            assertEquals(MULTIPLES[i], Hex.encode(RistrettoPoint.GENERATOR.mulVartime(Scalar.ofLong(i)).encode()));
            RistrettoPoint decoded = RistrettoPoint.decode(Hex.decode(MULTIPLES[i]));
            assertEquals(acc, decoded);
            assertEquals(MULTIPLES[i], Hex.encode(decoded.encode()));
            // the decoded coordinates themselves encode back (not only the remembered bytes)
            assertEquals(MULTIPLES[i], Hex.encode(decoded.add(RistrettoPoint.IDENTITY).encode()));
            acc = acc.add(RistrettoPoint.GENERATOR);
        }
        assertEquals(MULTIPLES[2], Hex.encode(RistrettoPoint.GENERATOR.dbl().encode()));
    }

    @Test
    void invalidEncodingsAreRejected() {
        for (String s : INVALID) {
            byte[] b = Hex.decode(s);
            assertNull(RistrettoPoint.decodeOrNull(b, 0), s);
            assertThrows(MalformedInputException.class, () -> RistrettoPoint.decode(b), s);
        }
    }

    @Test
    void hashToGroup() throws Exception {
        for (int i = 0; i < LABELS.length; i++) {
            byte[] h = MessageDigest.getInstance("SHA-512").digest(LABELS[i].getBytes(StandardCharsets.UTF_8));
            assertEquals(HASHED[i], Hex.encode(RistrettoPoint.fromUniformBytes(h).encode()), LABELS[i]);
        }
    }

    @Test
    void orderTimesGeneratorIsIdentity() {
        // ℓ reduces to 0, so use (ℓ-1)·B + B.
        Scalar lMinus1 = Scalar.of(Scalar.ORDER.subtract(BigInteger.ONE));
        RistrettoPoint p = RistrettoPoint.GENERATOR.mul(lMinus1);
        assertTrue(p.add(RistrettoPoint.GENERATOR).isIdentity());
        assertEquals(RistrettoPoint.GENERATOR.negate(), p);
    }

    @Test
    void encodingRoundTripsWithBitFlipsRejectedOrDifferent() {
        byte[] enc = Hex.decode(MULTIPLES[7]);
        byte[] again = RistrettoPoint.decode(enc).encode();
        assertArrayEquals(enc, again);
        byte[] top = enc.clone();
        top[31] |= (byte) 0x80;
        assertNull(RistrettoPoint.decodeOrNull(top, 0));
    }
}
