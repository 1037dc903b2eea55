package org.veilgrid.mpc.field;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.MalformedInputException;

/** Differential tests of the field against BigInteger arithmetic mod 2^127 − 1. */
class Mersenne127Test {

    static final BigInteger P = Mersenne127.P;

    /** Random elements plus the edge cases where carries and folds happen. */
    static List<BigInteger> samples(int count, long seed) {
        Random random = new Random(seed);
        List<BigInteger> out = new ArrayList<>();
        BigInteger two64 = BigInteger.ONE.shiftLeft(64);
        for (BigInteger edge : new BigInteger[] {BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO,
                P.subtract(BigInteger.ONE), P.subtract(BigInteger.TWO), two64, two64.subtract(BigInteger.ONE),
                two64.add(BigInteger.ONE), BigInteger.ONE.shiftLeft(126), BigInteger.ONE.shiftLeft(63),
                P.shiftRight(1), P.shiftRight(1).add(BigInteger.ONE)}) {
            out.add(edge);
        }
        for (int i = 0; i < count; i++) {
            int bits = 1 + random.nextInt(127);
            out.add(new BigInteger(bits, random).mod(P));
        }
        return out;
    }

    static long[] pack(BigInteger v) {
        long[] out = new long[2];
        Mersenne127.fromBigInteger(v, out, 0);
        return out;
    }

    static BigInteger unpack(long[] v, int o) {
        assertTrue(Mersenne127.isCanonical(v[o], v[o + 1]), "result not canonical");
        return Mersenne127.toBigInteger(v[o], v[o + 1]);
    }

    @Test
    void repeatedSquaringMatchesBigIntegerPowers() {
        long[] out = new long[2];
        for (BigInteger x : samples(300, 3)) {
            for (int k : new int[] {0, 1, 2, 7, 64, 125}) {
                long[] a = pack(x);
                Mersenne127.squareRepeatedly(a[0], a[1], k, out, 0);
                assertEquals(x.modPow(BigInteger.ONE.shiftLeft(k), P), unpack(out, 0), x + "^(2^" + k + ")");
            }
        }
    }

    @Test
    void addSubMulMatchBigInteger() {
        List<BigInteger> xs = samples(300, 1);
        List<BigInteger> ys = samples(300, 2);
        long[] out = new long[2];
        for (BigInteger x : xs) {
            for (BigInteger y : ys.subList(0, 40)) {
                long[] a = pack(x);
                long[] b = pack(y);
                Mersenne127.add(a[0], a[1], b[0], b[1], out, 0);
                assertEquals(x.add(y).mod(P), unpack(out, 0), "add");
                Mersenne127.sub(a[0], a[1], b[0], b[1], out, 0);
                assertEquals(x.subtract(y).mod(P), unpack(out, 0), "sub");
                Mersenne127.mul(a[0], a[1], b[0], b[1], out, 0);
                assertEquals(x.multiply(y).mod(P), unpack(out, 0), "mul " + x + " * " + y);
            }
        }
    }

    @Test
    void smallConstantPathsMatchBigInteger() {
        long[] out = new long[2];
        long[] smalls = {0, 1, 2, 3, 6561, (1L << 62) - 1, 1L << 40, 123456789};
        for (BigInteger x : samples(200, 4)) {
            long[] a = pack(x);
            for (long c : smalls) {
                Mersenne127.mulSmall(a[0], a[1], c, out, 0);
                assertEquals(x.multiply(BigInteger.valueOf(c)).mod(P), unpack(out, 0), "mulSmall by " + c);
                for (long signed : new long[] {c, -c}) {
                    long[] k = pack(BigInteger.valueOf(signed));
                    long small = Mersenne127.smallValue(k[0], k[1]);
                    long[] acc = pack(BigInteger.valueOf(77));
                    FieldVectors.mulConstantAdd(a, 0, k[0], k[1], small, acc, 1);
                    assertEquals(x.multiply(BigInteger.valueOf(signed)).add(BigInteger.valueOf(77)).mod(P),
                            unpack(acc, 0));
                }
            }
        }
        assertEquals(Long.MIN_VALUE, Mersenne127.smallValue(0, 1));
        assertEquals(-5, Mersenne127.smallValue(-6L, Mersenne127.HI_MASK));
        long[] big = pack(BigInteger.ONE.shiftLeft(100).add(BigInteger.valueOf(12345)));
        long[] acc = new long[2];
        long[] x = pack(BigInteger.valueOf(3));
        FieldVectors.mulConstantAdd(x, 0, big[0], big[1], Mersenne127.smallValue(big[0], big[1]), acc, 1);
        assertEquals(BigInteger.ONE.shiftLeft(100).add(BigInteger.valueOf(12345)).multiply(BigInteger.valueOf(3)).mod(P),
                unpack(acc, 0));
    }

    @Test
    void inverseMatchesBigInteger() {
        long[] out = new long[2];
        for (BigInteger x : samples(50, 3)) {
            if (x.signum() == 0) {
                continue;
            }
            long[] a = pack(x);
            Mersenne127.inverse(a[0], a[1], out, 0);
            assertEquals(x.modInverse(P), unpack(out, 0));
        }
        assertThrows(ArithmeticException.class, () -> Mersenne127.inverse(0, 0, out, 0));
    }

    @Test
    void signedLongsRoundTrip() {
        long[] out = new long[2];
        long[] cases = {0, 1, -1, 42, -42, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, 1L << 40};
        for (long v : cases) {
            Mersenne127.fromLong(v, out, 0);
            assertEquals(BigInteger.valueOf(v).mod(P), unpack(out, 0));
            assertEquals(v, Mersenne127.toLong(out[0], out[1]));
        }
        Mersenne127.fromBigInteger(BigInteger.ONE.shiftLeft(63), out, 0);
        long lo = out[0];
        long hi = out[1];
        assertThrows(ArithmeticException.class, () -> Mersenne127.toLong(lo, hi));
        Mersenne127.fromBigInteger(BigInteger.ONE.shiftLeft(63).negate().subtract(BigInteger.ONE), out, 0);
        long lo2 = out[0];
        long hi2 = out[1];
        assertThrows(ArithmeticException.class, () -> Mersenne127.toLong(lo2, hi2));
    }

    @Test
    void canonicalFormExcludesP() {
        assertFalse(Mersenne127.isCanonical(-1L, Mersenne127.HI_MASK));
        assertFalse(Mersenne127.isCanonical(0, -1L));
        assertTrue(Mersenne127.isCanonical(-2L, Mersenne127.HI_MASK));
        assertThrows(MalformedInputException.class, () -> Mersenne127.requireCanonical(-1L, Mersenne127.HI_MASK, "x"));
    }

    @Test
    void vectorOperationsMatchScalarOnes() {
        int n = 257;
        SecureRandom random = new SecureRandom();
        FieldPrg prg = FieldPrg.fromSecureRandom(random);
        long[] a = prg.nextElements(n);
        long[] b = prg.nextElements(n);
        long[] sum = new long[2 * n];
        long[] prod = new long[2 * n];
        long[] diff = new long[2 * n];
        FieldVectors.add(a, b, sum, n);
        FieldVectors.mul(a, b, prod, n);
        FieldVectors.sub(a, b, diff, n);
        BigInteger total = BigInteger.ZERO;
        long[] prefix = new long[2 * n];
        FieldVectors.prefixSums(a, prefix, n);
        for (int i = 0; i < n; i++) {
            BigInteger x = unpack(a, 2 * i);
            BigInteger y = unpack(b, 2 * i);
            assertEquals(x.add(y).mod(P), unpack(sum, 2 * i));
            assertEquals(x.multiply(y).mod(P), unpack(prod, 2 * i));
            assertEquals(x.subtract(y).mod(P), unpack(diff, 2 * i));
            total = total.add(x).mod(P);
            assertEquals(total, unpack(prefix, 2 * i));
        }
        long[] s = new long[2];
        FieldVectors.sum(a, n, s, 0);
        assertEquals(total, unpack(s, 0));

        long[] inv = new long[2 * n];
        FieldVectors.batchInverse(a, inv, n);
        for (int i = 0; i < n; i++) {
            assertEquals(unpack(a, 2 * i).modInverse(P), unpack(inv, 2 * i));
        }
        // In place (aliasing) gives the same answer.
        long[] aliased = a.clone();
        FieldVectors.mul(aliased, b, aliased, n);
        assertArrayEquals(prod, aliased);
    }

    @Test
    void wireEncodingRoundTripsAndRejectsNonCanonical() {
        FieldPrg prg = FieldPrg.fromSecureRandom(new SecureRandom());
        long[] v = prg.nextElements(10);
        byte[] bytes = FieldVectors.toBytes(v, 0, 10);
        assertEquals(160, bytes.length);
        assertArrayEquals(v, FieldVectors.fromBytes(java.nio.ByteBuffer.wrap(bytes), 10, "v"));
        // The low limb is first and little-endian.
        assertEquals((byte) v[0], bytes[0]);
        assertThrows(MalformedInputException.class,
                () -> FieldVectors.fromBytes(java.nio.ByteBuffer.wrap(bytes), 9, "v"));
        byte[] bad = bytes.clone();
        java.util.Arrays.fill(bad, 16, 32, (byte) 0xFF); // element 1 = 2^128 − 1
        assertThrows(MalformedInputException.class,
                () -> FieldVectors.fromBytes(java.nio.ByteBuffer.wrap(bad), 10, "v"));
        bad[31] = 0x7F; // element 1 = p exactly
        assertThrows(MalformedInputException.class,
                () -> FieldVectors.fromBytes(java.nio.ByteBuffer.wrap(bad), 10, "v"));
    }

    @Test
    void prgBitsAreTheKeyStreamsBitsInOrder() {
        byte[] key = new byte[16];
        key[3] = 9;
        int n = 1000;
        long[] bits = new long[n];
        new FieldPrg(key, 4).nextBits(bits, n);
        // The same stream as elements: element e's low limb is word 2e, its high limb word 2e + 1
        // (less its top bit, which nextElements clears).
        long[] elements = new FieldPrg(key, 4).nextElements((n + 127) / 128);
        int ones = 0;
        for (int i = 0; i < n; i++) {
            assertTrue(bits[i] == 0 || bits[i] == 1);
            ones += (int) bits[i];
            int word = i / 64;
            if (word % 2 == 0 || i % 64 != 63) {
                assertEquals((elements[word] >>> (i % 64)) & 1, bits[i], "bit " + i);
            }
        }
        assertTrue(ones > 400 && ones < 600, "1000 bits with " + ones + " ones");
    }

    @Test
    void prgStreamsAreDeterministicPerKeyAndStream() {
        byte[] key = new byte[16];
        key[3] = 7;
        assertArrayEquals(new FieldPrg(key, 5).nextElements(20), new FieldPrg(key, 5).nextElements(20));
        assertFalse(java.util.Arrays.equals(new FieldPrg(key, 5).nextElements(20),
                new FieldPrg(key, 6).nextElements(20)));
        long[] bounded = new long[2 * 1000];
        new FieldPrg(key, 1).nextBounded(70, bounded, 0, 1000);
        boolean highBitSeen = false;
        for (int i = 0; i < 1000; i++) {
            BigInteger x = unpack(bounded, 2 * i);
            assertTrue(x.bitLength() <= 70);
            highBitSeen |= x.testBit(69);
        }
        assertTrue(highBitSeen);
    }

    @Test
    void smallCombinationEqualsTheSumOfProducts() {
        List<BigInteger> values = samples(300, 77);
        Random random = new Random(5);
        int n = values.size();
        for (int terms = 1; terms <= FieldVectors.MAX_SMALL_TERMS; terms++) {
            long[][] srcs = new long[terms][];
            int[] offsets = new int[terms];
            long[] smalls = new long[terms];
            for (int j = 0; j < terms; j++) {
                offsets[j] = random.nextInt(3);
                srcs[j] = new long[2 * (n + offsets[j])];
                for (int i = 0; i < n; i++) {
                    BigInteger v = values.get((i + 31 * j) % n);
                    srcs[j][2 * (offsets[j] + i)] = v.longValue();
                    srcs[j][2 * (offsets[j] + i) + 1] = v.shiftRight(64).longValue();
                }
                // Edge magnitudes as well as small ones, both signs.
                long magnitude = switch (j % 3) {
                    case 0 -> (1L << 62) - 1;
                    case 1 -> random.nextInt(10);
                    default -> random.nextLong(1L << 62);
                };
                smalls[j] = random.nextBoolean() ? magnitude : -magnitude;
            }
            for (boolean subtract : new boolean[] {false, true}) {
                long[] extra = new long[2 * n];
                for (int i = 0; i < n; i++) {
                    BigInteger v = values.get((n - 1 - i) % n);
                    extra[2 * i] = v.longValue();
                    extra[2 * i + 1] = v.shiftRight(64).longValue();
                }
                long[] out = new long[2 * (n + 1)];
                FieldVectors.smallCombination(srcs, offsets, smalls, extra, 0, subtract, out, 1, n);
                for (int i = 0; i < n; i++) {
                    BigInteger want = BigInteger.ZERO;
                    for (int j = 0; j < terms; j++) {
                        want = want.add(values.get((i + 31 * j) % n).multiply(BigInteger.valueOf(smalls[j])));
                    }
                    BigInteger e = values.get((n - 1 - i) % n);
                    want = (subtract ? want.subtract(e) : want.add(e)).mod(P);
                    BigInteger got = new BigInteger(Long.toUnsignedString(out[2 * (i + 1) + 1]))
                            .shiftLeft(64).add(new BigInteger(Long.toUnsignedString(out[2 * (i + 1)])));
                    assertEquals(want, got, terms + " terms, element " + i);
                }
            }
            // extra may be the output itself
            long[] inPlace = new long[2 * n];
            long[] copy = inPlace.clone();
            FieldVectors.smallCombination(srcs, offsets, smalls, inPlace, 0, false, inPlace, 0, n);
            FieldVectors.smallCombination(srcs, offsets, smalls, copy, 0, false, copy, 0, n);
            FieldVectors.smallCombination(srcs, offsets, smalls, inPlace, 0, false, inPlace, 0, n);
            long[] twice = new long[2 * n];
            FieldVectors.add(copy, copy, twice, n);
            assertArrayEquals(twice, inPlace, "out as its own extra");
        }
    }

    @Test
    void dotProductsEqualTheSumsOfProducts() {
        List<BigInteger> values = samples(500, 91);
        int n = values.size();
        int from = 3;
        long[] g = new long[2 * n];
        long[] x = new long[2 * (n + from)];
        long[] y = new long[2 * (n + from)];
        for (int i = 0; i < n; i++) {
            BigInteger gv = values.get(i);
            BigInteger xv = values.get((i * 7 + 1) % n);
            BigInteger yv = P.subtract(BigInteger.ONE).subtract(values.get((i * 13 + 5) % n));
            g[2 * i] = gv.longValue();
            g[2 * i + 1] = gv.shiftRight(64).longValue();
            x[2 * (from + i)] = xv.longValue();
            x[2 * (from + i) + 1] = xv.shiftRight(64).longValue();
            y[2 * (from + i)] = yv.longValue();
            y[2 * (from + i) + 1] = yv.shiftRight(64).longValue();
        }
        // Start from nonzero accumulators: the sums are added to them.
        long[] acc = {5, 0};
        long[] acc2 = {-2, Mersenne127.HI_MASK};
        FieldVectors.dotProducts(g, x, y, from, n, acc, acc2);
        BigInteger wantX = BigInteger.valueOf(5);
        BigInteger wantY = P.subtract(BigInteger.ONE);
        for (int i = 0; i < n; i++) {
            wantX = wantX.add(values.get(i).multiply(values.get((i * 7 + 1) % n)));
            wantY = wantY.add(values.get(i).multiply(P.subtract(BigInteger.ONE).subtract(values.get((i * 13 + 5) % n))));
        }
        assertEquals(wantX.mod(P), asBig(acc));
        assertEquals(wantY.mod(P), asBig(acc2));
    }

    private static BigInteger asBig(long[] e) {
        return new BigInteger(Long.toUnsignedString(e[1])).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(e[0])));
    }

    @Test
    void maskedProductsEqualTheirSumsAndProducts() {
        List<BigInteger> values = samples(200, 123);
        int n = values.size();
        Random random = new Random(9);
        for (boolean scalar : new boolean[] {false, true}) {
            int count = 4;
            long[][] terms = new long[count][2 * n];
            long[] smalls = new long[count];
            for (int j = 0; j < count; j++) {
                for (int i = 0; i < n; i++) {
                    BigInteger v = values.get((i + 17 * j) % n);
                    terms[j][2 * i] = v.longValue();
                    terms[j][2 * i + 1] = v.shiftRight(64).longValue();
                }
                long magnitude = j == 0 ? (1L << 62) - 1 : random.nextInt(5);
                smalls[j] = j % 2 == 1 ? -magnitude : magnitude;
            }
            int factorOffset = 2;
            long[] left = new long[2 * (n + factorOffset)];
            long[] right = new long[2 * (n + factorOffset)];
            for (int i = 0; i < n; i++) {
                BigInteger a = values.get((3 * i + 1) % n);
                BigInteger b = P.subtract(BigInteger.ONE).subtract(values.get((5 * i + 2) % n));
                left[2 * (factorOffset + i)] = a.longValue();
                left[2 * (factorOffset + i) + 1] = a.shiftRight(64).longValue();
                right[2 * (factorOffset + i)] = b.longValue();
                right[2 * (factorOffset + i) + 1] = b.shiftRight(64).longValue();
            }
            long[] l = scalar ? new long[] {-2, Mersenne127.HI_MASK} : left;
            long[] rt = new long[2 * (n + 1)];
            long[] masked = new long[2 * (n + 1)];
            FieldVectors.maskedProducts(terms, smalls, 2, l, right, factorOffset, scalar, rt, masked, 1, n);
            for (int i = 0; i < n; i++) {
                BigInteger wantRt = BigInteger.ZERO;
                BigInteger wantMasked = BigInteger.ZERO;
                for (int j = 0; j < count; j++) {
                    BigInteger term = values.get((i + 17 * j) % n).multiply(BigInteger.valueOf(smalls[j]));
                    if (j < 2) {
                        wantRt = wantRt.add(term);
                    }
                    wantMasked = wantMasked.add(term);
                }
                BigInteger a = scalar ? P.subtract(BigInteger.ONE) : values.get((3 * i + 1) % n);
                BigInteger b = P.subtract(BigInteger.ONE).subtract(values.get((5 * i + 2) % n));
                wantMasked = wantMasked.add(a.multiply(b));
                assertEquals(wantRt.mod(P), asBig(new long[] {rt[2 * (i + 1)], rt[2 * (i + 1) + 1]}), "rt " + i);
                assertEquals(wantMasked.mod(P), asBig(new long[] {masked[2 * (i + 1)], masked[2 * (i + 1) + 1]}), "masked " + i);
            }
        }
    }

    @Test
    void mulPow2IsMultiplicationByAPowerOfTwo() {
        for (BigInteger v : samples(200, 4)) {
            long[] in = {v.longValue(), v.shiftRight(64).longValue()};
            for (int k = 0; k < 127; k++) {
                long[] out = new long[2];
                Mersenne127.mulPow2(in[0], in[1], k, out, 0);
                assertEquals(v.shiftLeft(k).mod(P), asBig(out), "2^" + k + " · " + v);
            }
        }
    }
}
