package org.veilgrid.zk.group;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.MalformedInputException;

/** Field and scalar arithmetic against BigInteger re-computation on random and edge inputs. */
class FieldAndScalarTest {
    private static final SecureRandom RNG = new SecureRandom();
    private static final BigInteger P = FieldElement.P;
    private static final BigInteger L = Scalar.ORDER;

    private static BigInteger randomBelow(BigInteger m) {
        return new BigInteger(m.bitLength() + 64, RNG).mod(m);
    }

    private static BigInteger[] edges(BigInteger m) {
        return new BigInteger[] {BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO, m.subtract(BigInteger.ONE),
            m.subtract(BigInteger.TWO), BigInteger.ONE.shiftLeft(200), m.shiftRight(1), BigInteger.valueOf(19)};
    }

    @Test
    void fieldOpsMatchBigInteger() {
        BigInteger[] e = edges(P);
        for (int i = 0; i < 2000; i++) {
            BigInteger a = i < e.length ? e[i] : randomBelow(P);
            BigInteger b = i < e.length ? e[(i + 3) % e.length] : randomBelow(P);
            FieldElement fa = FieldElement.of(a);
            FieldElement fb = FieldElement.of(b);
            assertEquals(a.add(b).mod(P), fa.add(fb).toBigInteger());
            assertEquals(a.subtract(b).mod(P), fa.sub(fb).toBigInteger());
            assertEquals(a.multiply(b).mod(P), fa.mul(fb).toBigInteger());
            assertEquals(a.multiply(a).mod(P), fa.square().toBigInteger());
            // chains keep the limb bounds
            FieldElement chain = fa.sub(fb).sub(fb).mul(fa.add(fb).add(fb)).square();
            BigInteger expect = a.subtract(b).subtract(b).multiply(a.add(b).add(b)).pow(2).mod(P);
            assertEquals(expect, chain.toBigInteger());
            if (i % 50 == 0 && a.signum() != 0) {
                assertEquals(a.modInverse(P), fa.invert().toBigInteger());
            }
        }
    }

    @Test
    void nonCanonicalFieldBytesReduce() {
        byte[] pBytes = new byte[32];
        byte[] be = P.toByteArray();
        for (int i = 0; i < 32; i++) {
            pBytes[i] = be[be.length - 1 - i];
        }
        assertEquals(BigInteger.ZERO, FieldElement.fromBytesIgnoringTopBit(pBytes, 0).toBigInteger());
    }

    @Test
    void scalarOpsMatchBigInteger() {
        BigInteger[] e = edges(L);
        for (int i = 0; i < 2000; i++) {
            BigInteger a = i < e.length ? e[i] : randomBelow(L);
            BigInteger b = i < e.length ? e[(i + 5) % e.length] : randomBelow(L);
            Scalar sa = Scalar.of(a);
            Scalar sb = Scalar.of(b);
            assertEquals(a, sa.toBigInteger());
            assertEquals(a.add(b).mod(L), sa.add(sb).toBigInteger());
            assertEquals(a.subtract(b).mod(L), sa.sub(sb).toBigInteger());
            assertEquals(a.multiply(b).mod(L), sa.mul(sb).toBigInteger());
            assertEquals(sa, Scalar.fromCanonicalBytes(sa.toBytes()));
            if (i % 100 == 0 && a.signum() != 0) {
                assertEquals(a.modInverse(L), sa.invert().toBigInteger());
            }
        }
    }

    @Test
    void scalarConstantsAndSmallValues() {
        assertEquals(BigInteger.ZERO, Scalar.ZERO.toBigInteger());
        assertEquals(BigInteger.ONE, Scalar.ONE.toBigInteger());
        assertEquals(BigInteger.valueOf(12345), Scalar.ofLong(12345).toBigInteger());
        assertEquals(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE), Scalar.ofUnsignedLong(-1L).toBigInteger());
        assertEquals(Scalar.ofLong(7), Scalar.ofLong(7).mul(Scalar.ONE));
    }

    @Test
    void scalarWideAndModOrderReduction() {
        for (int i = 0; i < 500; i++) {
            byte[] wide = new byte[64];
            RNG.nextBytes(wide);
            if (i == 0) {
                java.util.Arrays.fill(wide, (byte) 0xFF);
            }
            assertEquals(le(wide).mod(L), Scalar.fromBytesWide(wide).toBigInteger());
            byte[] narrow = java.util.Arrays.copyOf(wide, 32);
            assertEquals(le(narrow).mod(L), Scalar.fromBytesModOrder(narrow).toBigInteger());
        }
    }

    @Test
    void nonCanonicalScalarsRejected() {
        byte[] l = toLe(L);
        assertThrows(MalformedInputException.class, () -> Scalar.fromCanonicalBytes(l));
        byte[] lMinus1 = toLe(L.subtract(BigInteger.ONE));
        assertEquals(L.subtract(BigInteger.ONE), Scalar.fromCanonicalBytes(lMinus1).toBigInteger());
        byte[] big = new byte[32];
        java.util.Arrays.fill(big, (byte) 0xFF);
        assertThrows(MalformedInputException.class, () -> Scalar.fromCanonicalBytes(big));
        assertThrows(MalformedInputException.class, () -> Scalar.fromCanonicalBytes(new byte[31]));
    }

    @Test
    void batchInvert() {
        Scalar[] xs = new Scalar[17];
        Scalar[] copy = new Scalar[17];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = Scalar.random(RNG);
            copy[i] = xs[i];
        }
        Scalar.batchInvert(xs);
        for (int i = 0; i < xs.length; i++) {
            assertEquals(Scalar.ONE, xs[i].mul(copy[i]));
        }
    }

    @Test
    void scalarMultiplicationIsLinear() {
        for (int i = 0; i < 20; i++) {
            Scalar a = Scalar.random(RNG);
            Scalar b = Scalar.random(RNG);
            RistrettoPoint p = RistrettoPoint.random(RNG);
            assertEquals(p.mul(a).add(p.mul(b)), p.mul(a.add(b)));
            assertEquals(p.mul(a).mul(b), p.mul(a.mul(b)));
            assertEquals(p.mul(a), p.mulVartime(a));
            assertArrayEquals(p.mul(a).encode(), p.mulPortable(a).encode());
            assertArrayEquals(p.mul(a).encode(), RistrettoPoint.decode(p.mul(a).encode()).encode());
        }
    }

    @Test
    void multiScalarMatchesSumOfProducts() {
        for (int n : new int[] {0, 1, 3, 40, 130}) {
            Scalar[] s = new Scalar[n];
            RistrettoPoint[] p = new RistrettoPoint[n];
            RistrettoPoint sum = RistrettoPoint.IDENTITY;
            for (int i = 0; i < n; i++) {
                s[i] = Scalar.random(RNG);
                p[i] = RistrettoPoint.random(RNG);
                sum = sum.add(p[i].mulPortable(s[i]));
            }
            assertEquals(sum, MultiScalar.vartime(s, p), "vartime n=" + n);
            assertEquals(sum, MultiScalar.constantTime(s, p), "constant time n=" + n);
            MultiScalar.PackedPoints packed = new MultiScalar.PackedPoints(p);
            assertEquals(sum, new MultiScalar().add(s, 0, packed, 0, n).vartime());
        }
    }

    private static BigInteger le(byte[] b) {
        byte[] be = new byte[b.length + 1];
        for (int i = 0; i < b.length; i++) {
            be[b.length - i] = b[i];
        }
        return new BigInteger(be);
    }

    private static byte[] toLe(BigInteger x) {
        byte[] be = x.toByteArray();
        byte[] r = new byte[32];
        for (int i = 0; i < 32 && i < be.length; i++) {
            r[i] = be[be.length - 1 - i];
        }
        return r;
    }
}
