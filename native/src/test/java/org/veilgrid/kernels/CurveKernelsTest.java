package org.veilgrid.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The curve kernels: Java twin and native library on random inputs, both against a plain
 * BigInteger affine Edwards reference, and MSM against the sum of single scalar products.
 */
class CurveKernelsTest {
    private static final SecureRandom RNG = new SecureRandom();
    private static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
    private static final BigInteger D = BigInteger.valueOf(-121665)
            .multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
    private static final BigInteger L = BigInteger.ONE.shiftLeft(252)
            .add(new BigInteger("27742317777372353535851937790883648493"));
    /** The Ed25519 base point (affine). */
    private static final BigInteger[] BASE = basePoint();

    private static BigInteger[] basePoint() {
        BigInteger y = BigInteger.valueOf(4).multiply(BigInteger.valueOf(5).modInverse(P)).mod(P);
        BigInteger y2 = y.multiply(y);
        BigInteger u = y2.subtract(BigInteger.ONE).mod(P);
        BigInteger v = D.multiply(y2).add(BigInteger.ONE).mod(P);
        BigInteger x2 = u.multiply(v.modInverse(P)).mod(P);
        BigInteger x = x2.modPow(P.add(BigInteger.valueOf(3)).shiftRight(3), P);
        if (!x.multiply(x).mod(P).equals(x2)) {
            BigInteger sqrtM1 = BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P);
            x = x.multiply(sqrtM1).mod(P);
        }
        if (x.testBit(0)) {
            x = P.subtract(x);
        }
        return new BigInteger[] {x, y};
    }

    private static BigInteger[] refAdd(BigInteger[] a, BigInteger[] b) {
        BigInteger t = D.multiply(a[0]).multiply(b[0]).multiply(a[1]).multiply(b[1]).mod(P);
        BigInteger x = a[0].multiply(b[1]).add(a[1].multiply(b[0]))
                .multiply(BigInteger.ONE.add(t).modInverse(P)).mod(P);
        BigInteger y = a[1].multiply(b[1]).add(a[0].multiply(b[0]))
                .multiply(BigInteger.ONE.subtract(t).mod(P).modInverse(P)).mod(P);
        return new BigInteger[] {x, y};
    }

    private static BigInteger[] refMul(BigInteger k, BigInteger[] p) {
        BigInteger[] acc = {BigInteger.ZERO, BigInteger.ONE};
        for (int i = k.bitLength() - 1; i >= 0; i--) {
            acc = refAdd(acc, acc);
            if (k.testBit(i)) {
                acc = refAdd(acc, p);
            }
        }
        return acc;
    }

    private static BigInteger limbs(long[] a, int off) {
        BigInteger r = BigInteger.ZERO;
        for (int i = 4; i >= 0; i--) {
            r = r.shiftLeft(51).add(BigInteger.valueOf(a[off + i]));
        }
        return r.mod(P);
    }

    private static void putLimbs(long[] a, int off, BigInteger v) {
        for (int i = 0; i < 5; i++) {
            a[off + i] = v.shiftRight(51 * i).longValue() & ((1L << 51) - 1);
        }
    }

    /** Affine (x, y) of a packed point. */
    private static BigInteger[] affine(long[] p, int off) {
        BigInteger zi = limbs(p, off + 10).modInverse(P);
        return new BigInteger[] {limbs(p, off).multiply(zi).mod(P), limbs(p, off + 5).multiply(zi).mod(P)};
    }

    private static long[] pack(BigInteger[] xy) {
        long[] p = new long[20];
        putLimbs(p, 0, xy[0]);
        putLimbs(p, 5, xy[1]);
        putLimbs(p, 10, BigInteger.ONE);
        putLimbs(p, 15, xy[0].multiply(xy[1]).mod(P));
        return p;
    }

    private static byte[] le32(BigInteger k) {
        byte[] r = new byte[32];
        for (int i = 0; i < 32; i++) {
            r[i] = (byte) k.shiftRight(8 * i).intValue();
        }
        return r;
    }

    private static List<CurveKernels> backends() {
        List<CurveKernels> r = new ArrayList<>();
        r.add(CurveKernels.java());
        CurveKernels.nativeKernels().ifPresent(r::add);
        return r;
    }

    /** n random points (random multiples of the base point, via the Java twin) and scalars. */
    private static long[] randomPoints(int n) {
        long[] base = pack(BASE);
        long[] pts = new long[20 * n];
        long[] out = new long[20];
        for (int i = 0; i < n; i++) {
            CurveKernels.java().scalarMul(le32(new BigInteger(250, RNG)), base, out);
            System.arraycopy(out, 0, pts, 20 * i, 20);
        }
        return pts;
    }

    private static byte[] randomScalars(int n) {
        byte[] s = new byte[32 * n];
        for (int i = 0; i < n; i++) {
            BigInteger k = new BigInteger(256, RNG).mod(L);
            if (i % 7 == 3) {
                k = L.subtract(BigInteger.ONE);
            } else if (i % 11 == 5) {
                k = BigInteger.ZERO;
            }
            System.arraycopy(le32(k), 0, s, 32 * i, 32);
        }
        return s;
    }

    @Test
    void scalarMulMatchesBigIntegerReference() {
        long[] base = pack(BASE);
        for (CurveKernels k : backends()) {
            for (int i = 0; i < 8; i++) {
                BigInteger s = i == 0 ? BigInteger.ZERO : i == 1 ? BigInteger.ONE
                        : i == 2 ? L.subtract(BigInteger.ONE) : new BigInteger(253, RNG).mod(L);
                long[] out = new long[20];
                k.scalarMul(le32(s), base, out);
                assertArrayEquals(refMul(s, BASE), affine(out, 0), k + " scalar " + i);
            }
        }
    }

    /** Every coordinate fully reduced: limbs below 2^51 and the value below p. */
    private static void assertCanonical(long[] p, String what) {
        for (int c = 0; c < 20; c += 5) {
            BigInteger v = BigInteger.ZERO;
            for (int i = 4; i >= 0; i--) {
                assertEquals(0, p[c + i] >>> 51, what + ": limb above 2^51");
                v = v.shiftLeft(51).add(BigInteger.valueOf(p[c + i]));
            }
            assertEquals(-1, v.compareTo(P), what + ": coordinate not below p");
        }
    }

    @Test
    void canonicalReducesEveryValueBelowTwoP() {
        long m = (1L << 51) - 1;
        long[][] cases = {
            {m - 18, m, m, m, m},          // p -> 0
            {m - 17, m, m, m, m},          // p + 1 -> 1
            {m, m, m, m, m},               // 2^255 - 1 -> 18
            {m - 19, m, m, m, m},          // p - 1 stays
            {(1L << 51) + (1L << 20), (1L << 51) + 5, m, m, m}, // weak limbs above p
            {0, 0, 0, 0, 0},
        };
        for (long[] c : cases) {
            BigInteger v = BigInteger.ZERO;
            for (int i = 4; i >= 0; i--) {
                v = v.shiftLeft(51).add(BigInteger.valueOf(c[i]));
            }
            long[] r = c.clone();
            CurveJava.canonical(r, 0);
            BigInteger got = BigInteger.ZERO;
            for (int i = 4; i >= 0; i--) {
                assertEquals(0, r[i] >>> 51);
                got = got.shiftLeft(51).add(BigInteger.valueOf(r[i]));
            }
            assertEquals(v.mod(P), got);
        }
    }

    /**
     * Constant-time and Pippenger MSM on every native ISA path (serial radix 2^51, and the 4-lane
     * IFMA path) give the Java twin's limbs exactly, fully reduced, for weakly reduced input points.
     */
    @Test
    void msmOnEveryNativePathEqualsJavaLimbs() {
        try {
            for (int n : new int[] {0, 1, 2, 3, 9, 40, 130}) {
                long[] pts = randomPoints(n);
                long[] s = new long[45];
                for (int i = 0; i < n; i++) {
                    if (i % 2 == 0) { // a doubling leaves limbs weakly reduced, as callers may pass
                        CurveJava.dbl(pts, 20 * i, pts, 20 * i, s);
                    }
                }
                byte[] sc = randomScalars(n);
                long[] javaOut = new long[20];
                CurveKernels.java().msmConstantTime(sc, pts, n, javaOut);
                assertCanonical(javaOut, "java n=" + n);
                long[] javaVar = new long[20];
                CurveKernels.java().msm(sc, pts, n, javaVar);
                assertCanonical(javaVar, "java vartime n=" + n);
                assertArrayEquals(affine(javaOut, 0), affine(javaVar, 0), "java ct == vartime n=" + n);
                for (KernelPath path : KernelPath.nativeOnly()) {
                    path.activate();
                    long[] out = new long[20];
                    CurveKernels.nativeKernels().orElseThrow().msmConstantTime(sc, pts, n, out);
                    assertArrayEquals(javaOut, out, path + " ct msm limbs n=" + n);
                    CurveKernels.nativeKernels().orElseThrow().msm(sc, pts, n, out);
                    assertArrayEquals(javaVar, out, path + " vartime msm limbs n=" + n);
                }
            }
        } finally {
            KernelPath.restoreBest();
        }
    }

    @Test
    void msmMatchesReferenceForSmallSizes() {
        int n = 5;
        long[] pts = randomPoints(n);
        byte[] sc = randomScalars(n);
        BigInteger[] expect = {BigInteger.ZERO, BigInteger.ONE};
        for (int i = 0; i < n; i++) {
            BigInteger s = new BigInteger(1, reverse(java.util.Arrays.copyOfRange(sc, 32 * i, 32 * i + 32)));
            expect = refAdd(expect, refMul(s, affine(pts, 20 * i)));
        }
        for (CurveKernels k : backends()) {
            long[] out = new long[20];
            k.msm(sc, pts, n, out);
            assertArrayEquals(expect, affine(out, 0), k + " msm");
            k.msmConstantTime(sc, pts, n, out);
            assertArrayEquals(expect, affine(out, 0), k + " ct msm");
        }
    }

    private static byte[] reverse(byte[] b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = b[b.length - 1 - i];
        }
        return r;
    }

    @Test
    void msmEqualsSumOfScalarMultsAndNativeEqualsJava() {
        long[] s = new long[45];
        for (int n : new int[] {0, 1, 2, 7, 8, 31, 33, 100, 300}) {
            long[] pts = randomPoints(n);
            byte[] sc = randomScalars(n);
            long[] sum = new long[20];
            CurveJava.identity(sum, 0);
            long[] one = new long[20];
            long[] cached = new long[20];
            for (int i = 0; i < n; i++) {
                CurveKernels.java().scalarMul(java.util.Arrays.copyOfRange(sc, 32 * i, 32 * i + 32),
                        java.util.Arrays.copyOfRange(pts, 20 * i, 20 * i + 20), one);
                CurveJava.toCached(cached, 0, one, 0);
                CurveJava.addCached(sum, 0, sum, 0, cached, 0, false, s);
            }
            BigInteger[] expect = affine(sum, 0);
            long[] javaOut = new long[20];
            CurveKernels.java().msm(sc, pts, n, javaOut);
            assertArrayEquals(expect, affine(javaOut, 0), "java msm n=" + n);
            long[] javaCt = new long[20];
            CurveKernels.java().msmConstantTime(sc, pts, n, javaCt);
            assertArrayEquals(expect, affine(javaCt, 0), "java ct msm n=" + n);
            if (CurveKernels.nativeKernels().isPresent()) {
                CurveKernels nat = CurveKernels.nativeKernels().get();
                long[] out = new long[20];
                nat.msm(sc, pts, n, out);
                assertArrayEquals(javaOut, out, "native msm limbs n=" + n);
                nat.msmConstantTime(sc, pts, n, out);
                assertArrayEquals(javaCt, out, "native ct msm limbs n=" + n);
            }
        }
    }

    @Test
    void fixedBaseTableMsmMatchesPlainMsm() {
        for (int[] sizes : new int[][] {{1, 0}, {5, 2}, {40, 3}, {70, 0}, {0, 4}}) {
            int nf = sizes[0], nv = sizes[1];
            long[] fixed = randomPoints(nf);
            long[] var = randomPoints(nv);
            byte[] fs = randomScalars(nf); // includes zero scalars (every 11th from 5)
            byte[] vs = randomScalars(nv);
            long[] all = new long[20 * (nf + nv)];
            System.arraycopy(fixed, 0, all, 0, 20 * nf);
            System.arraycopy(var, 0, all, 20 * nf, 20 * nv);
            byte[] allS = new byte[32 * (nf + nv)];
            System.arraycopy(fs, 0, allS, 0, 32 * nf);
            System.arraycopy(vs, 0, allS, 32 * nf, 32 * nv);
            long[] expect = new long[20];
            CurveKernels.java().msm(allS, all, nf + nv, expect);
            long[] javaOut = new long[20];
            CurveKernels.java().msm(CurveKernels.java().fixedBaseTable(fixed, nf), fs, vs, var, nv, javaOut);
            assertArrayEquals(affine(expect, 0), affine(javaOut, 0), "java table msm " + nf + "+" + nv);
            assertCanonical(javaOut, "java table msm");
            try {
                for (KernelPath path : KernelPath.nativeOnly()) {
                    path.activate();
                    CurveKernels nat = CurveKernels.nativeKernels().orElseThrow();
                    CurveKernels.FixedBaseTable t = nat.fixedBaseTable(fixed, nf);
                    long[] out = new long[20];
                    nat.msm(t, fs, vs, var, nv, out);
                    assertArrayEquals(javaOut, out, path + " table msm limbs " + nf + "+" + nv);
                }
            } finally {
                KernelPath.restoreBest();
            }
        }
    }

    private static BigInteger sqrtOrNull(BigInteger a) {
        a = a.mod(P);
        BigInteger r = a.modPow(P.add(BigInteger.valueOf(3)).shiftRight(3), P);
        if (!r.multiply(r).mod(P).equals(a)) {
            r = r.multiply(BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P)).mod(P);
        }
        return r.multiply(r).mod(P).equals(a) ? r : null;
    }

    private static BigInteger value(long[] limbs) {
        BigInteger r = BigInteger.ZERO;
        for (int i = 4; i >= 0; i--) {
            r = r.shiftLeft(51).add(BigInteger.valueOf(limbs[i]));
        }
        return r.mod(P);
    }

    /** Five limbs in [0, LIMB_MAX] of one of the extreme shapes. */
    private static long[] extremeLimbs(int shape) {
        long max = CurveKernels.LIMB_MAX;
        long[] l = new long[5];
        for (int i = 0; i < 5; i++) {
            switch (shape % 5) {
                case 0 -> l[i] = max;
                case 1 -> l[i] = (1L << 51) - 1;
                case 2 -> l[i] = i % 2 == 0 ? max : 0;
                case 3 -> l[i] = max - (RNG.nextLong() & ((1L << 21) - 1));
                default -> l[i] = Math.floorMod(RNG.nextLong(), max + 1);
            }
        }
        return l;
    }

    /**
     * A curve point (X:Y:Z:T) whose X and Y (zOrX false) or Z and T (true) have the given limbs, as
     * large as CurveKernels accepts; the other two coordinates solve the curve equation (limb 0 is
     * lowered until a square root exists).
     */
    private static long[] pointWithLimbs(long[] u, long[] v, boolean zAndT) {
        for (;; u[0]--) {
            BigInteger a = value(u), b = value(v);
            long[] pt = new long[20];
            if (!zAndT) { // X = a, Y = b: (Y^2 - X^2) Z^2 = Z^4 + d X^2 Y^2
                BigInteger n = b.pow(2).subtract(a.pow(2));
                BigInteger disc = sqrtOrNull(n.pow(2).subtract(BigInteger.valueOf(4).multiply(D).multiply(a.pow(2))
                        .multiply(b.pow(2))));
                if (disc == null) continue;
                BigInteger z = sqrtOrNull(n.add(disc).multiply(BigInteger.TWO.modInverse(P)));
                if (z == null || z.signum() == 0) continue;
                System.arraycopy(u, 0, pt, 0, 5);
                System.arraycopy(v, 0, pt, 5, 5);
                putLimbs(pt, 10, z);
                putLimbs(pt, 15, a.multiply(b).multiply(z.modInverse(P)).mod(P));
            } else { // Z = a, T = b: XY = TZ =: m, Y^2 - X^2 = Z^2 + d T^2 =: n, Y^4 - n Y^2 - m^2 = 0
                if (a.signum() == 0) continue;
                BigInteger m = a.multiply(b).mod(P);
                BigInteger n = a.pow(2).add(D.multiply(b.pow(2))).mod(P);
                BigInteger disc = sqrtOrNull(n.pow(2).add(BigInteger.valueOf(4).multiply(m.pow(2))));
                if (disc == null) continue;
                BigInteger y = sqrtOrNull(n.add(disc).multiply(BigInteger.TWO.modInverse(P)));
                if (y == null || y.signum() == 0) continue;
                putLimbs(pt, 0, m.multiply(y.modInverse(P)).mod(P));
                putLimbs(pt, 5, y);
                System.arraycopy(u, 0, pt, 10, 5);
                System.arraycopy(v, 0, pt, 15, 5);
            }
            BigInteger[] xy = affine(pt, 0);
            BigInteger x2 = xy[0].pow(2), y2 = xy[1].pow(2);
            assertEquals(y2.subtract(x2).mod(P), BigInteger.ONE.add(D.multiply(x2).multiply(y2)).mod(P), "on curve");
            assertEquals(limbs(pt, 15).multiply(limbs(pt, 10)).mod(P), limbs(pt, 0).multiply(limbs(pt, 5)).mod(P),
                    "T Z = X Y");
            return pt;
        }
    }

    /**
     * Points whose limbs sit at CurveKernels.LIMB_MAX (or 2^51 - 1, or alternate with 0) on every
     * native path: the multi-limb SIMD fields (AVX2 radix 2^25.5, IFMA radix 2^51) split, carry and
     * multiply inputs at their bounds, and must still give the Java twin's limbs exactly: constant
     * time, Pippenger and fixed-table MSM, and one scalar multiplication against the reference.
     */
    @Test
    void msmWithLimbsAtTheBoundEqualsJavaOnEveryPath() {
        int count = 20;
        long[] pts = new long[20 * count];
        for (int i = 0; i < count; i++) {
            long[] pt = pointWithLimbs(extremeLimbs(i / 2), extremeLimbs(i / 2 + 1), i % 2 == 1);
            System.arraycopy(pt, 0, pts, 20 * i, 20);
        }
        byte[] sc = new byte[32 * count];
        for (int i = 0; i < count; i++) {
            BigInteger k = i % 3 == 0 ? BigInteger.ONE.shiftLeft(255).subtract(BigInteger.ONE)
                    : i % 3 == 1 ? L.subtract(BigInteger.ONE) : new BigInteger(255, RNG);
            System.arraycopy(le32(k), 0, sc, 32 * i, 32);
        }
        BigInteger k0 = new BigInteger(1, reverse(java.util.Arrays.copyOfRange(sc, 0, 32)));
        BigInteger[] expect0 = refMul(k0, affine(pts, 0));
        try {
            for (int n : new int[] {1, 2, 9, 20}) {
                long[] ct = new long[20], var = new long[20], tab = new long[20];
                CurveKernels.java().msmConstantTime(sc, pts, n, ct);
                CurveKernels.java().msm(sc, pts, n, var);
                assertArrayEquals(affine(ct, 0), affine(var, 0), "java ct == vartime n=" + n);
                if (n == 1) {
                    assertArrayEquals(expect0, affine(ct, 0), "java ct vs reference");
                }
                int nf = n - n / 4;
                long[] fixed = java.util.Arrays.copyOfRange(pts, 0, 20 * nf);
                long[] vp = java.util.Arrays.copyOfRange(pts, 20 * nf, 20 * n);
                byte[] fs = java.util.Arrays.copyOfRange(sc, 0, 32 * nf);
                byte[] vs = java.util.Arrays.copyOfRange(sc, 32 * nf, 32 * n);
                CurveKernels.java().msm(CurveKernels.java().fixedBaseTable(fixed, nf), fs, vs, vp, n - nf, tab);
                assertArrayEquals(affine(var, 0), affine(tab, 0), "java table == vartime n=" + n);
                for (KernelPath path : KernelPath.nativeOnly()) {
                    path.activate();
                    CurveKernels nat = CurveKernels.nativeKernels().orElseThrow();
                    long[] out = new long[20];
                    nat.msmConstantTime(sc, pts, n, out);
                    assertArrayEquals(ct, out, path + " ct msm limbs at bound n=" + n);
                    nat.msm(sc, pts, n, out);
                    assertArrayEquals(var, out, path + " vartime msm limbs at bound n=" + n);
                    nat.msm(nat.fixedBaseTable(fixed, nf), fs, vs, vp, n - nf, out);
                    assertArrayEquals(tab, out, path + " table msm limbs at bound n=" + n);
                }
            }
        } finally {
            KernelPath.restoreBest();
        }
    }

    @Test
    void argumentsAreValidated() {
        CurveKernels k = CurveKernels.get();
        long[] out = new long[20];
        assertThrows(KernelArgumentException.class, () -> k.msm(new byte[31], new long[20], 1, out));
        assertThrows(KernelArgumentException.class, () -> k.msm(new byte[32], new long[19], 1, out));
        long[] bad = pack(BASE);
        bad[3] = 1L << 52;
        assertThrows(KernelArgumentException.class, () -> k.msm(new byte[32], bad, 1, out));
        byte[] big = new byte[32];
        big[31] = (byte) 0x80;
        assertThrows(KernelArgumentException.class, () -> k.msm(big, pack(BASE), 1, out));
        assertThrows(KernelArgumentException.class, () -> k.msm(new byte[32], pack(BASE), 1, new long[19]));
        assertEquals(Backend.JAVA, CurveKernels.java().backend());
        if (!NativeLibrary.status().disabledByUser()) {
            // the native == Java comparisons above must not pass vacuously
            assertEquals(Backend.NATIVE, CurveKernels.get().backend());
        }
    }
}
