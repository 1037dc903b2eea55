package org.veilgrid.kernels;

import static org.veilgrid.kernels.WordMath.carry;
import static org.veilgrid.kernels.WordMath.csub;
import static org.veilgrid.kernels.WordMath.mulHigh;
import static org.veilgrid.kernels.WordMath.mulShoupLazy;

/**
 * The pure-Java twin of the native kernels. Same algorithms as portable.c and prg.c (Harvey's
 * lazy butterflies, Shoup and Barrett reductions, ChaCha20 rejection sampling), written so the
 * JIT can keep it tight; {@code long} stands in for uint64_t, and every reduction is a
 * branch-free masked subtraction ({@link WordMath#csub}) because the data may be secret.
 */
final class JavaBackend implements KernelBackend {
    static final JavaBackend INSTANCE = new JavaBackend();

    private JavaBackend() {
    }

    @Override
    public Backend kind() {
        return Backend.JAVA;
    }

    @Override
    public String describe() {
        return "java";
    }

    @Override
    public void add(Modulus mod, long[] a, int aOff, long[] b, int bOff, long[] out, int outOff, int len) {
        long q = mod.value();
        for (int i = 0; i < len; i++) {
            out[outOff + i] = csub(a[aOff + i] + b[bOff + i], q);
        }
    }

    @Override
    public void sub(Modulus mod, long[] a, int aOff, long[] b, int bOff, long[] out, int outOff, int len) {
        long q = mod.value();
        for (int i = 0; i < len; i++) {
            long d = a[aOff + i] - b[bOff + i];
            out[outOff + i] = d + (q & (d >> 63));
        }
    }

    @Override
    public void mul(Modulus mod, long[] a, int aOff, long[] b, int bOff, long[] out, int outOff, int len) {
        long q = mod.value();
        long mu = mod.barrettMu();
        int bits = mod.bits();
        for (int i = 0; i < len; i++) {
            long x = a[aOff + i];
            long y = b[bOff + i];
            out[outOff + i] = WordMath.barrett(WordMath.mulHigh(x, y), x * y, q, mu, bits);
        }
    }

    @Override
    public void mulScalar(Modulus mod, long[] a, int aOff, long s, long sShoup, long[] out, int outOff, int len) {
        long q = mod.value();
        for (int i = 0; i < len; i++) {
            out[outOff + i] = csub(mulShoupLazy(a[aOff + i], s, sShoup, q), q);
        }
    }

    @Override
    public void subMulScalar(Modulus mod, long[] a, int aOff, long[] b, int bOff, long s, long sShoup, long[] out,
                             int outOff, int len, boolean accumulate) {
        long q = mod.value();
        for (int i = 0; i < len; i++) {
            long d = a[aOff + i] - b[bOff + i];
            d += q & (d >> 63);
            long p = csub(mulShoupLazy(d, s, sShoup, q), q);
            out[outOff + i] = accumulate ? csub(p + out[outOff + i], q) : p;
        }
    }

    @Override
    public void mulAdd(Modulus mod, long[] a, int aOff, long[] b, int bOff, long[] c, int cOff,
                       long[] out, int outOff, int len) {
        for (int i = 0; i < len; i++) {
            out[outOff + i] = mod.mulAdd(a[aOff + i], b[bOff + i], c[cOff + i]);
        }
    }

    /** Outputs per block of {@link #dot}: each row is read 64 elements at a time (portable.c: 8, a cache line). */
    private static final int DOT_BLOCK = 64;

    /**
     * The scalar C path's algorithm with a 192-bit sum (lo, hi, top) per element instead of its
     * chunked 128-bit one (the same value), reduced once as veil_dot_reduce does. Rows are walked
     * in blocks, each row's block read in order, rather than element by element down the rows:
     * rows a power of two apart share cache sets, and striding down them refetches every line.
     */
    @Override
    public void dot(Modulus mod, long[] a, int aOff, int aStride, long[] b, int bOff, int bStride, int terms,
                    long[] out, int outOff, int len, boolean accumulate) {
        final long[] k = mod.dotConstants();
        final long q = mod.value();
        final long[] lo = new long[Math.min(DOT_BLOCK, len)];
        final long[] hi = new long[lo.length];
        final long[] top = new long[lo.length];
        for (int j0 = 0; j0 < len; j0 += DOT_BLOCK) {
            final int w = Math.min(DOT_BLOCK, len - j0);
            java.util.Arrays.fill(lo, 0);
            java.util.Arrays.fill(hi, 0);
            java.util.Arrays.fill(top, 0);
            for (int t = 0; t < terms; t++) {
                final int ai = aOff + t * aStride + j0;
                final int bi = bOff + t * bStride + j0;
                for (int u = 0; u < w; u++) {
                    long x = a[ai + u];
                    long y = b[bi + u];
                    // Inputs lie in [0, 2^62): non-negative, so the signed high word is the unsigned one.
                    long pl = x * y;
                    long ph = Math.multiplyHigh(x, y) + carry(lo[u], pl, lo[u] + pl); // < 2^60 + 1
                    lo[u] += pl;
                    long h = hi[u] + ph;
                    top[u] += carry(hi[u], ph, h);
                    hi[u] = h;
                }
            }
            for (int u = 0; u < w; u++) {
                long r = dotReduce(k, top[u], hi[u], lo[u]);
                int o = outOff + j0 + u;
                out[o] = accumulate ? csub(r + out[o], q) : r;
            }
        }
    }

    /** (top 2^128 + hi 2^64 + lo) mod q, as veil_dot_reduce: k = {@link Modulus#dotConstants()}. */
    private static long dotReduce(long[] k, long top, long hi, long lo) {
        final long q = k[0];
        final long twoQ = 2 * q;
        long x = mulShoupLazy(hi, k[2], k[3], q) + mulShoupLazy(top, k[4], k[5], q);
        x = csub(x, twoQ);
        x += lo - mulHigh(lo, k[1]) * q;
        return csub(csub(x, twoQ), q);
    }

    @Override
    public void nttForward(RnsNttTables t, long[] data, int off) {
        for (int i = 0; i < t.size(); i++) {
            nttForward(t.get(i), data, off + i * t.n());
        }
    }

    @Override
    public void nttInverse(RnsNttTables t, long[] data, int off) {
        for (int i = 0; i < t.size(); i++) {
            nttInverse(t.get(i), data, off + i * t.n());
        }
    }

    @Override
    public void nttForward(NttTables t, long[] a, int off) {
        final int n = t.n();
        final long q = t.modulus().value();
        final long twoQ = 2 * q;
        final long[] roots = t.roots;
        final long[] rootsShoup = t.rootsShoup;
        int gap = n;
        for (int m = 1; m < n; m <<= 1) {
            gap >>= 1;
            for (int i = 0; i < m; i++) {
                final long w = roots[m + i];
                final long ws = rootsShoup[m + i];
                final int x0 = off + 2 * i * gap;
                final int y0 = x0 + gap;
                for (int j = 0; j < gap; j++) {
                    long u = csub(a[x0 + j], twoQ);
                    long v = mulShoupLazy(a[y0 + j], w, ws, q);
                    a[x0 + j] = u + v;
                    a[y0 + j] = u - v + twoQ;
                }
            }
        }
        for (int j = off; j < off + n; j++) {
            a[j] = csub(csub(a[j], twoQ), q);
        }
    }

    @Override
    public void nttInverse(NttTables t, long[] a, int off) {
        final int n = t.n();
        final long q = t.modulus().value();
        final long twoQ = 2 * q;
        final long[] roots = t.invRoots;
        final long[] rootsShoup = t.invRootsShoup;
        int gap = 1;
        for (int h = n >> 1; h >= 1; h >>= 1) {
            for (int i = 0; i < h; i++) {
                final long w = roots[h + i];
                final long ws = rootsShoup[h + i];
                final int x0 = off + 2 * i * gap;
                final int y0 = x0 + gap;
                for (int j = 0; j < gap; j++) {
                    long u = a[x0 + j];
                    long v = a[y0 + j];
                    a[x0 + j] = csub(u + v, twoQ);
                    a[y0 + j] = mulShoupLazy(u - v + twoQ, w, ws, q);
                }
            }
            gap <<= 1;
        }
        final long ni = t.nInv;
        final long nis = t.nInvShoup;
        for (int j = off; j < off + n; j++) {
            a[j] = csub(mulShoupLazy(a[j], ni, nis, q), q);
        }
    }

    @Override
    public boolean uniform(byte[] seed, long stream, Modulus q, long[] out, int off, int len) {
        return ChaCha20.uniform(seed, stream, q.value(), out, off, len);
    }

    @Override
    public int rnsConvert(RnsConversion conversion, long[] in, int inOff, long[] diag, int diagOff,
                           long[] out, int outOff, int n) {
        final long[] plan = conversion.plan;
        final int kin = (int) plan[0];
        final int kout = (int) plan[1];
        final int pin = 3;
        final int pout = pin + 5 * kin;
        final int mat = pout + 7 * kout;
        final long[] w = new long[kin];
        final long[] acc = new long[4];
        int uncertain = 0;
        for (int x = 0; x < n; x++) {
            acc[0] = acc[1] = acc[2] = acc[3] = 0;
            for (int i = 0; i < kin; i++) {
                int c = pin + 5 * i;
                long q = plan[c];
                long wi = csub(mulShoupLazy(in[inOff + i * n + x], plan[c + 1], plan[c + 2], q), q);
                w[i] = wi;
                WordMath.addFixedProduct(acc, wi, plan[c + 3], plan[c + 4]);
            }
            // v = round(F) = integer part (acc[3]:acc[2]) plus the fraction's top bit.
            long roundBit = acc[1] >>> 63;
            uncertain += (int) ((roundBit ^ (acc[1] >>> 62)) & 1);
            long vLo = acc[2] + roundBit;
            long vHi = acc[3] + carry(acc[2], roundBit, vLo);
            for (int j = 0; j < kout; j++) {
                int c = pout + 7 * j;
                long q = plan[c];
                long m64 = plan[c + 1];
                long r64 = plan[c + 2];
                long r64s = plan[c + 3];
                int row = mat + j * kin;
                long hi = 0;
                long lo = 0;
                int pending = 0;
                for (int i = 0; i < kin; i++) {
                    long a = w[i];
                    long b = plan[row + i];
                    long pl = a * b;
                    long sum = lo + pl;
                    hi += mulHigh(a, b) + carry(lo, pl, sum);
                    lo = sum;
                    if (++pending == FOLD) {
                        lo = mod128(hi, lo, q, m64, r64, r64s);
                        hi = 0;
                        pending = 0;
                    }
                }
                // + v V + v_hi (V 2^64 mod c) + d D, each product below 2^126.
                long pl = vLo * plan[c + 4];
                long sum = lo + pl;
                hi += mulHigh(vLo, plan[c + 4]) + carry(lo, pl, sum);
                lo = sum;
                pl = vHi * plan[c + 5];
                sum = lo + pl;
                hi += mulHigh(vHi, plan[c + 5]) + carry(lo, pl, sum);
                lo = sum;
                if (diag != null) {
                    long d = diag[diagOff + j * n + x];
                    pl = d * plan[c + 6];
                    sum = lo + pl;
                    hi += mulHigh(d, plan[c + 6]) + carry(lo, pl, sum);
                    lo = sum;
                }
                out[outOff + j * n + x] = mod128(hi, lo, q, m64, r64, r64s);
            }
        }
        java.util.Arrays.fill(w, 0);
        return uncertain;
    }

    /** Products summed in rnsConvert before a fold, as in rns.c. */
    private static final int FOLD = 6;

    /** (hi:lo) mod q for any 128-bit value, as rns.c computes it. */
    private static long mod128(long hi, long lo, long q, long m64, long r64, long r64Shoup) {
        long h = mulShoupLazy(hi, r64, r64Shoup, q);
        long s = h + mod64(lo, q, m64);
        return csub(csub(s, q), q);
    }

    private static long mod64(long x, long q, long m64) {
        return csub(x - mulHigh(x, m64) * q, q);
    }

    @Override
    public void reduceAdd(Modulus q, long[] in, int inOff, long addend, long[] out, int outOff, int len) {
        final long qv = q.value();
        final long m64 = q.m64();
        for (int i = 0; i < len; i++) {
            out[outOff + i] = csub(mod64(in[inOff + i], qv, m64) + addend, qv);
        }
    }
}
