package org.veilgrid.kernels;

/**
 * The pure-Java twin of the curve kernels (curve25519.c, msm.c): the same radix-2^51 field
 * arithmetic, the same extended-coordinate formulas and the same two MSM algorithms, on packed
 * limb arrays. Field elements are {@code long[5]} with limbs below 2^52; points are
 * {@code long[20]} (X, Y, Z, T); cached points are {@code long[20]} (Y+X, Y-X, Z, 2dT).
 */
final class CurveJava {
    private static final long MASK51 = (1L << 51) - 1;
    private static final long FOUR_P0 = 4 * ((1L << 51) - 19);
    private static final long FOUR_PN = 4 * ((1L << 51) - 1);
    private static final long[] D2 = {0x69b9426b2f159L, 0x35050762add7aL, 0x3cf44c0038052L,
        0x6738cc7407977L, 0x2406d9dc56dffL};

    private CurveJava() {
    }

    // ------------------------------------------------------------------ field (offsets into arrays)

    private static void carry(long[] r, int ro, long a0, long a1, long a2, long a3, long a4) {
        long c;
        c = a0 >>> 51; a0 &= MASK51; a1 += c;
        c = a1 >>> 51; a1 &= MASK51; a2 += c;
        c = a2 >>> 51; a2 &= MASK51; a3 += c;
        c = a3 >>> 51; a3 &= MASK51; a4 += c;
        c = a4 >>> 51; a4 &= MASK51; a0 += 19 * c;
        c = a0 >>> 51; a0 &= MASK51; a1 += c;
        r[ro] = a0; r[ro + 1] = a1; r[ro + 2] = a2; r[ro + 3] = a3; r[ro + 4] = a4;
    }

    /**
     * a mod p fully reduced, in place (fe_canonical in curve25519.c): a weak carry leaves a value
     * below 2p; the carry-out q of value + 19 past bit 255 says whether to subtract p.
     */
    static void canonical(long[] a, int ao) {
        carry(a, ao, a[ao], a[ao + 1], a[ao + 2], a[ao + 3], a[ao + 4]);
        long q = (a[ao] + 19) >>> 51;
        q = (a[ao + 1] + q) >>> 51;
        q = (a[ao + 2] + q) >>> 51;
        q = (a[ao + 3] + q) >>> 51;
        q = (a[ao + 4] + q) >>> 51;
        long c, x0 = a[ao] + 19 * q, x1 = a[ao + 1], x2 = a[ao + 2], x3 = a[ao + 3], x4 = a[ao + 4];
        c = x0 >>> 51; x0 &= MASK51; x1 += c;
        c = x1 >>> 51; x1 &= MASK51; x2 += c;
        c = x2 >>> 51; x2 &= MASK51; x3 += c;
        c = x3 >>> 51; x3 &= MASK51; x4 += c;
        x4 &= MASK51;
        a[ao] = x0; a[ao + 1] = x1; a[ao + 2] = x2; a[ao + 3] = x3; a[ao + 4] = x4;
    }

    /** out = point p with every coordinate fully reduced (ge_pack_canonical in curve25519.c). */
    static void packCanonical(long[] p, long[] out) {
        System.arraycopy(p, 0, out, 0, 20);
        for (int coord = 0; coord < 20; coord += 5) {
            canonical(out, coord);
        }
    }

    static void add(long[] r, int ro, long[] a, int ao, long[] b, int bo) {
        carry(r, ro, a[ao] + b[bo], a[ao + 1] + b[bo + 1], a[ao + 2] + b[bo + 2], a[ao + 3] + b[bo + 3],
                a[ao + 4] + b[bo + 4]);
    }

    static void sub(long[] r, int ro, long[] a, int ao, long[] b, int bo) {
        carry(r, ro, a[ao] + FOUR_P0 - b[bo], a[ao + 1] + FOUR_PN - b[bo + 1], a[ao + 2] + FOUR_PN - b[bo + 2],
                a[ao + 3] + FOUR_PN - b[bo + 3], a[ao + 4] + FOUR_PN - b[bo + 4]);
    }

    private static final long TWO_P0 = 2 * ((1L << 51) - 19);
    private static final long TWO_PN = 2 * ((1L << 51) - 1);

    /** Lazy sum (no carry), as fe_add_lazy: feeds multiplications only. */
    static void addLazy(long[] r, int ro, long[] a, int ao, long[] b, int bo) {
        for (int i = 0; i < 5; i++) {
            r[ro + i] = a[ao + i] + b[bo + i];
        }
    }

    /** Lazy a + 2p − b (no carry), as fe_sub_lazy. */
    static void subLazy(long[] r, int ro, long[] a, int ao, long[] b, int bo) {
        r[ro] = a[ao] + TWO_P0 - b[bo];
        for (int i = 1; i < 5; i++) {
            r[ro + i] = a[ao + i] + TWO_PN - b[bo + i];
        }
    }

    private static long lo(long x, long y) {
        return (x * y) & MASK51;
    }

    private static long hi(long x, long y) {
        return ((x * y) >>> 51) | (Math.multiplyHigh(x, y) << 13);
    }

    /*
     * c_k = Σ x*y is kept as hi*2^51 + lo with lo = Σ low 51 bits (< 2^54) and hi = Σ (x*y >> 51)
     * (< 2^60), so that no 64-bit sum overflows; the carry chain is then the C code's exactly.
     */
    private static void finish(long[] r, int ro, long lo0, long hi0, long lo1, long hi1, long lo2, long hi2,
                               long lo3, long hi3, long lo4, long hi4) {
        long r0 = lo0 & MASK51;
        long c = (lo0 >>> 51) + hi0;
        long t = lo1 + c;
        long r1 = t & MASK51;
        c = (t >>> 51) + hi1;
        t = lo2 + c;
        long r2 = t & MASK51;
        c = (t >>> 51) + hi2;
        t = lo3 + c;
        long r3 = t & MASK51;
        c = (t >>> 51) + hi3;
        t = lo4 + c;
        long r4 = t & MASK51;
        c = (t >>> 51) + hi4;
        long cLo = c & MASK51;
        long cHi = c >>> 51;
        t = r0 + 19 * cLo;
        r0 = t & MASK51;
        r1 += (t >>> 51) + 19 * cHi;
        c = r1 >>> 51;
        r1 &= MASK51;
        r2 += c;
        r[ro] = r0; r[ro + 1] = r1; r[ro + 2] = r2; r[ro + 3] = r3; r[ro + 4] = r4;
    }

    static void mul(long[] r, int ro, long[] a, int ao, long[] b, int bo) {
        long a0 = a[ao], a1 = a[ao + 1], a2 = a[ao + 2], a3 = a[ao + 3], a4 = a[ao + 4];
        long b0 = b[bo], b1 = b[bo + 1], b2 = b[bo + 2], b3 = b[bo + 3], b4 = b[bo + 4];
        long b1s = 19 * b1, b2s = 19 * b2, b3s = 19 * b3, b4s = 19 * b4;
        finish(r, ro,
                lo(a0, b0) + lo(a1, b4s) + lo(a2, b3s) + lo(a3, b2s) + lo(a4, b1s),
                hi(a0, b0) + hi(a1, b4s) + hi(a2, b3s) + hi(a3, b2s) + hi(a4, b1s),
                lo(a0, b1) + lo(a1, b0) + lo(a2, b4s) + lo(a3, b3s) + lo(a4, b2s),
                hi(a0, b1) + hi(a1, b0) + hi(a2, b4s) + hi(a3, b3s) + hi(a4, b2s),
                lo(a0, b2) + lo(a1, b1) + lo(a2, b0) + lo(a3, b4s) + lo(a4, b3s),
                hi(a0, b2) + hi(a1, b1) + hi(a2, b0) + hi(a3, b4s) + hi(a4, b3s),
                lo(a0, b3) + lo(a1, b2) + lo(a2, b1) + lo(a3, b0) + lo(a4, b4s),
                hi(a0, b3) + hi(a1, b2) + hi(a2, b1) + hi(a3, b0) + hi(a4, b4s),
                lo(a0, b4) + lo(a1, b3) + lo(a2, b2) + lo(a3, b1) + lo(a4, b0),
                hi(a0, b4) + hi(a1, b3) + hi(a2, b2) + hi(a3, b1) + hi(a4, b0));
    }

    static void sq(long[] r, int ro, long[] a, int ao) {
        long a0 = a[ao], a1 = a[ao + 1], a2 = a[ao + 2], a3 = a[ao + 3], a4 = a[ao + 4];
        long d0 = 2 * a0, d1 = 2 * a1, d2 = 2 * a2, d3 = 2 * a3;
        long a3s = 19 * a3, a4s = 19 * a4;
        finish(r, ro,
                lo(a0, a0) + lo(d1, a4s) + lo(d2, a3s), hi(a0, a0) + hi(d1, a4s) + hi(d2, a3s),
                lo(d0, a1) + lo(d2, a4s) + lo(a3, a3s), hi(d0, a1) + hi(d2, a4s) + hi(a3, a3s),
                lo(d0, a2) + lo(a1, a1) + lo(d3, a4s), hi(d0, a2) + hi(a1, a1) + hi(d3, a4s),
                lo(d0, a3) + lo(d1, a2) + lo(a4, a4s), hi(d0, a3) + hi(d1, a2) + hi(a4, a4s),
                lo(d0, a4) + lo(d1, a3) + lo(a2, a2), hi(d0, a4) + hi(d1, a3) + hi(a2, a2));
    }

    // ------------------------------------------------------------------ points

    private static final int X = 0, Y = 5, Z = 10, T = 15;
    private static final long[] ZERO5 = new long[5];

    static void identity(long[] p, int po) {
        java.util.Arrays.fill(p, po, po + 20, 0L);
        p[po + Y] = 1;
        p[po + Z] = 1;
    }

    static void cachedIdentity(long[] c, int co) {
        java.util.Arrays.fill(c, co, co + 20, 0L);
        c[co] = 1;
        c[co + 5] = 1;
        c[co + 10] = 1;
    }

    static void toCached(long[] c, int co, long[] p, int po) {
        addLazy(c, co, p, po + Y, p, po + X);
        subLazy(c, co + 5, p, po + Y, p, po + X);
        System.arraycopy(p, po + Z, c, co + 10, 5);
        mul(c, co + 15, p, po + T, D2, 0);
    }

    /** r = p ± q (q cached); r may be p. Scratch s holds 45 longs. Same operations as ge_add_cached. */
    static void addCached(long[] r, int ro, long[] p, int po, long[] q, int qo, boolean subtract, long[] s) {
        int a = 0, b = 5, c = 10, d = 15, e = 20, f = 25, g = 30, h = 35, t = 40;
        subLazy(s, t, p, po + Y, p, po + X);
        mul(s, a, s, t, q, qo + (subtract ? 0 : 5));
        addLazy(s, t, p, po + Y, p, po + X);
        mul(s, b, s, t, q, qo + (subtract ? 5 : 0));
        mul(s, c, p, po + T, q, qo + 15);
        mul(s, t, p, po + Z, q, qo + 10);
        add(s, d, s, t, s, t);
        subLazy(s, e, s, b, s, a);
        if (subtract) {
            addLazy(s, f, s, d, s, c);
            subLazy(s, g, s, d, s, c);
        } else {
            subLazy(s, f, s, d, s, c);
            addLazy(s, g, s, d, s, c);
        }
        addLazy(s, h, s, b, s, a);
        mul(r, ro + X, s, e, s, f);
        mul(r, ro + Y, s, g, s, h);
        mul(r, ro + Z, s, f, s, g);
        mul(r, ro + T, s, e, s, h);
    }

    /** r = 2p; r may be p. Scratch s holds 45 longs. */
    static void dbl(long[] r, int ro, long[] p, int po, long[] s) {
        dbl(r, ro, p, po, s, true);
    }

    /**
     * r = 2p with E' = −E, G' = −G, F' = −F, H' = −H (signs cancel in pairs), as ge_dbl_t;
     * without T when {@code withT} is false (a doubling followed by another doubling).
     */
    static void dbl(long[] r, int ro, long[] p, int po, long[] s, boolean withT) {
        int a = 0, b = 5, c = 10, e = 15, f = 20, g = 25, h = 30, t = 35, zz = 40;
        sq(s, a, p, po + X);
        sq(s, b, p, po + Y);
        sq(s, zz, p, po + Z);
        addLazy(s, c, s, zz, s, zz);
        addLazy(s, t, p, po + X, p, po + Y);
        sq(s, e, s, t);
        add(s, h, s, a, s, b);
        subLazy(s, e, s, h, s, e);
        subLazy(s, g, s, a, s, b);
        add(s, f, s, g, s, c);
        mul(r, ro + X, s, e, s, f);
        mul(r, ro + Y, s, g, s, h);
        mul(r, ro + Z, s, f, s, g);
        if (withT) {
            mul(r, ro + T, s, e, s, h);
        }
    }

    // ------------------------------------------------------------------ MSM

    static int windowBits(int n) {
        if (n < 8) return 3;
        if (n < 32) return 4;
        if (n < 96) return 5;
        if (n < 288) return 6;
        if (n < 1024) return 7;
        if (n < 3072) return 8;
        if (n < 10240) return 9;
        if (n < 40000) return 10;
        return 11;
    }

    private static long le64(byte[] b, int off) {
        long r = 0;
        for (int i = 7; i >= 0; i--) {
            r = (r << 8) | (b[off + i] & 0xFF);
        }
        return r;
    }

    static void signedDigits(int[] digits, int doff, int windows, int c, byte[] s, int so) {
        long[] w = {le64(s, so), le64(s, so + 8), le64(s, so + 16), le64(s, so + 24), 0};
        long carry = 0;
        long radix = 1L << c;
        long half = radix >> 1;
        for (int k = 0; k < windows; k++) {
            int bit = k * c;
            int idx = bit >>> 6, off = bit & 63;
            long v = w[idx] >>> off;
            if (off + c > 64 && idx < 4) {
                v |= w[idx + 1] << (64 - off);
            }
            long d = (v & (radix - 1)) + carry;
            carry = (d + half) >> c;
            digits[doff + k] = (int) (d - (carry << c));
        }
    }

    /** Below this many terms the vartime MSM uses Straus (as msm.c does). */
    static final int STRAUS_BELOW = 8;

    static void msmVartime(byte[] scalars, long[] points, int n, long[] out) {
        if (n < STRAUS_BELOW) {
            msmConstTime(scalars, points, n, out);
            return;
        }
        long[] s = new long[45];
        long[] acc = new long[20];
        identity(acc, 0);
        if (n == 0) {
            System.arraycopy(acc, 0, out, 0, 20);
            return;
        }
        int c = windowBits(n);
        int windows = (255 + c - 1) / c + 1;
        int buckets = 1 << (c - 1);
        long[] cp = new long[20 * n];
        int[] digits = new int[n * windows];
        long[] bucket = new long[20 * buckets];
        boolean[] used = new boolean[buckets];
        for (int i = 0; i < n; i++) {
            toCached(cp, 20 * i, points, 20 * i);
            signedDigits(digits, i * windows, windows, c, scalars, 32 * i);
        }
        long[] id = new long[20];
        identity(id, 0);
        long[] run = new long[20];
        long[] total = new long[20];
        long[] tmpc = new long[20];
        boolean started = false;
        for (int k = windows - 1; k >= 0; k--) {
            if (started) {
                for (int j = 0; j < c; j++) {
                    dbl(acc, 0, acc, 0, s, j == c - 1);
                }
            }
            java.util.Arrays.fill(used, false);
            for (int i = 0; i < n; i++) {
                int d = digits[i * windows + k];
                if (d == 0) {
                    continue;
                }
                int b = (d > 0 ? d : -d) - 1;
                if (!used[b]) {
                    addCached(bucket, 20 * b, id, 0, cp, 20 * i, d < 0, s);
                    used[b] = true;
                } else {
                    addCached(bucket, 20 * b, bucket, 20 * b, cp, 20 * i, d < 0, s);
                }
            }
            boolean haveRun = false, haveTotal = false;
            for (int j = buckets - 1; j >= 0; j--) {
                if (used[j]) {
                    if (haveRun) {
                        toCached(tmpc, 0, bucket, 20 * j);
                        addCached(run, 0, run, 0, tmpc, 0, false, s);
                    } else {
                        System.arraycopy(bucket, 20 * j, run, 0, 20);
                        haveRun = true;
                    }
                }
                if (haveRun) {
                    if (haveTotal) {
                        toCached(tmpc, 0, run, 0);
                        addCached(total, 0, total, 0, tmpc, 0, false, s);
                    } else {
                        System.arraycopy(run, 0, total, 0, 20);
                        haveTotal = true;
                    }
                }
            }
            if (haveTotal) {
                toCached(tmpc, 0, total, 0);
                addCached(acc, 0, acc, 0, tmpc, 0, false, s);
                started = true;
            }
        }
        packCanonical(acc, out);
    }

    static void radix16(byte[] e, int eo, byte[] s, int so) {
        for (int i = 0; i < 32; i++) {
            e[eo + 2 * i] = (byte) (s[so + i] & 15);
            e[eo + 2 * i + 1] = (byte) ((s[so + i] >>> 4) & 15);
        }
        int carry = 0;
        for (int i = 0; i < 63; i++) {
            int d = e[eo + i] + carry;
            carry = (d + 8) >> 4;
            e[eo + i] = (byte) (d - (carry << 4));
        }
        e[eo + 63] = (byte) (e[eo + 63] + carry);
    }

    private static void cmov(long[] r, int ro, long[] a, int ao, int len, long mask) {
        for (int i = 0; i < len; i++) {
            r[ro + i] ^= mask & (r[ro + i] ^ a[ao + i]);
        }
    }

    static void msmConstTime(byte[] scalars, long[] points, int n, long[] out) {
        long[] s = new long[45];
        long[] acc = new long[20];
        identity(acc, 0);
        if (n == 0) {
            System.arraycopy(acc, 0, out, 0, 20);
            return;
        }
        long[] table = new long[n * 8 * 20];
        byte[] digits = new byte[n * 64];
        long[] m = new long[20];
        for (int i = 0; i < n; i++) {
            int base = 160 * i;
            toCached(table, base, points, 20 * i);
            System.arraycopy(points, 20 * i, m, 0, 20);
            for (int j = 1; j < 8; j++) {
                addCached(m, 0, m, 0, table, base, false, s);
                toCached(table, base + 20 * j, m, 0);
            }
            radix16(digits, 64 * i, scalars, 32 * i);
        }
        long[] sel = new long[20];
        long[] negT = new long[5];
        long[] ypx = new long[5];
        for (int k = 63; k >= 0; k--) {
            for (int d = 0; d < 4; d++) {
                dbl(acc, 0, acc, 0, s, d == 3);
            }
            for (int i = 0; i < n; i++) {
                int d = digits[64 * i + k];
                long neg = (d >>> 31) & 1;
                long abs = ((d ^ -neg) + neg) & 0xFF;
                cachedIdentity(sel, 0);
                for (long j = 1; j <= 8; j++) {
                    long eq = ((abs ^ j) - 1) >>> 63;
                    cmov(sel, 0, table, 160 * i + 20 * (int) (j - 1), 20, -eq);
                }
                long mask = -neg;
                System.arraycopy(sel, 0, ypx, 0, 5);
                cmov(sel, 0, sel, 5, 5, mask);
                cmov(sel, 5, ypx, 0, 5, mask);
                sub(negT, 0, ZERO5, 0, sel, 15);
                cmov(sel, 15, negT, 0, 5, mask);
                addCached(acc, 0, acc, 0, sel, 0, false, s);
            }
        }
        packCanonical(acc, out);
    }

    // ------------------------------------------------------------------ fixed-base tables (msm_table.c)

    static final int TABLE_ENTRIES = 32;
    static final int TABLE_LONGS = TABLE_ENTRIES * 20;
    private static final int NAF_LEN = 264;
    private static final int FIXED_W = 7;
    private static final int VAR_W = 5;
    private static final int VAR_ENTRIES = 8;

    /** Odd multiples P, 3P, …, (2·entries − 1)P of one point, cached, at table[to..]. */
    private static void oddMultiples(long[] table, int to, long[] points, int po, int entries, long[] s) {
        long[] p2 = new long[20];
        long[] c2 = new long[20];
        long[] cur = new long[20];
        dbl(p2, 0, points, po, s);
        toCached(c2, 0, p2, 0);
        toCached(table, to, points, po);
        System.arraycopy(points, po, cur, 0, 20);
        for (int j = 1; j < entries; j++) {
            addCached(cur, 0, cur, 0, c2, 0, false, s);
            toCached(table, to + 20 * j, cur, 0);
        }
    }

    static void fixedTable(long[] points, int n, long[] table) {
        long[] s = new long[45];
        for (int i = 0; i < n; i++) {
            oddMultiples(table, TABLE_LONGS * i, points, 20 * i, TABLE_ENTRIES, s);
        }
    }

    /** Width-w NAF into naf[off..off+264); returns 1 + the highest nonzero position. */
    static int wnaf(byte[] naf, int off, byte[] sc, int so, int w) {
        long[] x = {le64(sc, so), le64(sc, so + 8), le64(sc, so + 16), le64(sc, so + 24), 0, 0};
        java.util.Arrays.fill(naf, off, off + NAF_LEN, (byte) 0);
        int top = 0;
        long width = 1L << w, half = width >> 1, mask = width - 1;
        long carry = 0;
        int pos = 0;
        while (pos < NAF_LEN - w) {
            int idx = pos >>> 6, o = pos & 63;
            long buf = x[idx] >>> o;
            if (o != 0) {
                buf |= x[idx + 1] << (64 - o);
            }
            long window = carry + (buf & mask);
            if ((window & 1) == 0) {
                pos++;
                continue;
            }
            if (window < half) {
                carry = 0;
                naf[off + pos] = (byte) window;
            } else {
                carry = 1;
                naf[off + pos] = (byte) (window - width);
            }
            top = pos + 1;
            pos += w;
        }
        return top;
    }

    static void msmTable(long[] table, byte[] fixedScalars, int nFixed, byte[] varScalars, long[] varPoints, int nVar,
                         long[] out) {
        long[] s = new long[45];
        int[] used = new int[nFixed];
        int nUsed = 0;
        for (int i = 0; i < nFixed; i++) {
            int any = 0;
            for (int b = 0; b < 32; b++) {
                any |= fixedScalars[32 * i + b];
            }
            if (any != 0) {
                used[nUsed++] = i;
            }
        }
        nFixed = nUsed;
        int n = nFixed + nVar;
        byte[] naf = new byte[n * NAF_LEN];
        long[] vt = new long[(nVar + 1) * VAR_ENTRIES * 20];
        int top = 0;
        for (int i = 0; i < nFixed; i++) {
            top = Math.max(top, wnaf(naf, i * NAF_LEN, fixedScalars, 32 * used[i], FIXED_W));
        }
        for (int j = 0; j < nVar; j++) {
            top = Math.max(top, wnaf(naf, (nFixed + j) * NAF_LEN, varScalars, 32 * j, VAR_W));
            oddMultiples(vt, VAR_ENTRIES * 20 * j, varPoints, 20 * j, VAR_ENTRIES, s);
        }
        long[] acc = new long[20];
        identity(acc, 0);
        for (int pos = top - 1; pos >= 0; pos--) {
            dbl(acc, 0, acc, 0, s);
            for (int i = 0; i < nFixed; i++) {
                int d = naf[i * NAF_LEN + pos];
                if (d != 0) {
                    addCached(acc, 0, acc, 0, table, TABLE_LONGS * used[i] + 20 * ((Math.abs(d) - 1) >> 1), d < 0, s);
                }
            }
            for (int j = 0; j < nVar; j++) {
                int d = naf[(nFixed + j) * NAF_LEN + pos];
                if (d != 0) {
                    addCached(acc, 0, acc, 0, vt, VAR_ENTRIES * 20 * j + 20 * ((Math.abs(d) - 1) >> 1), d < 0, s);
                }
            }
        }
        packCanonical(acc, out);
    }
}
