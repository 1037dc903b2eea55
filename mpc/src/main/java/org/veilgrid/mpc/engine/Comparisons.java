package org.veilgrid.mpc.engine;

import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.mpc.field.Mersenne127;

/**
 * Comparison of shared integers after Catrina and de Hoogh ("Improved Primitives for Secure
 * Multiparty Integer Computation", SCN 2010): mask the value with random bits, open it, and finish
 * with a circuit on the public opened value and the shared bits of the mask.
 *
 * <p><b>Ranges.</b> Comparison operands are signed integers in [−2^63, 2^63), so the differences
 * compared with zero lie in [−2^64, 2^64): k = 65 bits. Inputs outside that range give
 * meaningless bits (never an abort): the engine cannot see the values to check them.
 *
 * <p><b>Statistical security.</b> The opened value hides the input's high part behind a random
 * integer r'' of {@value #KAPPA} + (k − m) bits, so what a coalition sees is within statistical
 * distance 2^−{@value #KAPPA} of uniform. r'' comes from PRSS as a sum of C(n, t) bounded
 * integers, costing no communication; the sum stays below p because
 * 2^65 · C(n,t) · 2^41 &lt; 2^127 for C(n, t) &lt; 2^20.
 *
 * <p><b>Less than zero</b> ({@link #lessThanZero}): with b = 2^64 + a ∈ [0, 2^65), random bits
 * r_0..r_63 (r' = Σ 2^i r_i) and r'', open c = b + 2^64·r'' + r'. Then b mod 2^64 =
 * c' − r' + 2^64·[c' < r'] with c' = c mod 2^64, and [a &lt; 0] = 1 − (b − b mod 2^64)/2^64. The
 * bit [c' &lt; r'] is 1 − carry-out of c' + (2^64 − 1 − r') + 1: generate/propagate pairs are linear
 * in the shared bits because c' is public, and the carry is a balanced tree of
 * (P, G)∘(P', G') = (P·P', G + P·G'). Its first level is affine in the bits and the 32 products
 * r_2q·r_2q+1, which are computed in the round that opens c; then 5 rounds and 57
 * multiplications: 89 multiplications per comparison in all.
 *
 * <p><b>Equal to zero</b> ({@link #equalsZero}): open c = a + 2^65·(1 + r'') + r' with 65 random
 * bits; a = 0 exactly when the low 65 bits of c equal those of r', i.e. when every
 * 1 − (c_i ⊕ r_i) is 1: a product tree of 65 bits, 7 rounds, 64 multiplications.
 *
 * <p><b>Malicious mode.</b> Every local step is written over a {@link Layer}, so the MACs follow
 * the data; the masked value c is opened with {@link MpcSession#openMasked} (checked, not verified:
 * it is masked by r' and r'', which nobody knows, and the bits of r' are verified before they
 * are used, see {@link RandomBits}), and the results are verified before any output.
 *
 * <p>Random bits come from {@link MpcSession#randomBits} (PRSS bits XORed; they do not depend on
 * the input, so the engine runs their rounds alongside earlier work).
 */
public final class Comparisons {

    /** Statistical security parameter of the comparison masks, in bits. */
    public static final int KAPPA = 40;

    private static final int BITS = 64;

    private Comparisons() {
    }

    private static void checkSession(MpcSession s) {
        if (s.parties() > 20) {
            throw new ParameterException("comparisons support at most 20 parties (the PRSS mask grows with C(n, t))");
        }
    }

    /** [a < 0] for a in [−2^64, 2^64), element-wise. */
    public static Shared lessThanZero(Shared a) {
        MpcSession s = a.session;
        checkSession(s);
        int len = a.length;
        Shared bits = s.randomBitsWithoutMac(BITS * len);
        Shared high = s.randomBoundedWithoutMac(KAPPA + 1, len);
        Shared rPrime = weightedSum(bits, BITS, len);
        Shared masked = new Shared(s, len);
        s.linearData(masked, (l, d) -> {
            long[] av = l.of(a);
            long[] hv = l.of(high);
            long[] rv = l.of(rPrime);
            long[] two64 = new long[2];
            l.constant(0, 1, two64, 0);
            long[] t = new long[2];
            for (int e = 0; e < len; e++) {
                int q = 2 * e;
                // a + 2^64 + 2^64·r'' + r'
                Mersenne127.add(av[q], av[q + 1], two64[0], two64[1], d, q);
                Mersenne127.mul(hv[q], hv[q + 1], 0, 1, t, 0);
                Mersenne127.add(d[q], d[q + 1], t[0], t[1], d, q);
                Mersenne127.add(d[q], d[q + 1], rv[q], rv[q + 1], d, q);
            }
        }, a, high, rPrime);
        Public c = s.openMasked(masked);

        // Level 0 of the carry tree combines bit pairs (2q, 2q+1). Every G and P there is affine
        // in the bits a = r_2q, b = r_2q+1 (c' is public), so each combined value is affine in
        // a, b and a·b: the 32 products r_2q·r_2q+1 do not depend on c and run in the round that
        // opens c, leaving 5 rounds and 57 multiplications after it instead of 6 and 120.
        int pairs = BITS / 2;
        Shared even = new Shared(s, pairs * len);
        Shared odd = new Shared(s, pairs * len);
        s.linearData(even, (l, d) -> {
            for (int q = 0; q < pairs; q++) {
                System.arraycopy(l.of(bits), 2 * (2 * q) * len, d, 2 * q * len, 2 * len);
            }
        }, bits);
        s.linearData(odd, (l, d) -> {
            for (int q = 0; q < pairs; q++) {
                System.arraycopy(l.of(bits), 2 * (2 * q + 1) * len, d, 2 * q * len, 2 * len);
            }
        }, bits);
        Shared products = s.multiplyWithoutMac(even, odd);
        Shared g = new Shared(s, pairs * len);
        Shared p = new Shared(s, pairs * len);
        s.linearData(g, (l, d) -> pairLevel(l, c, bits, products, len, d, true), c, bits, products);
        s.linearData(p, (l, d) -> pairLevel(l, c, bits, products, len, d, false), c, bits, products);
        Shared carry = carryTree(g, p, pairs, len);

        Shared out = new Shared(s, len);
        s.linearData(out, (l, d) -> {
            long[] av = l.of(a);
            long[] rv = l.of(rPrime);
            long[] cv = l.of(carry);
            long[] unit = l.unit();
            long[] v = new long[2];
            long[] w = new long[2];
            for (int e = 0; e < len; e++) {
                int q = 2 * e;
                // v = a − c' + r' + 2^64·carry = b − (b mod 2^64); result = 1 − v / 2^64
                l.constant(c.data[q], 0, w, 0);
                Mersenne127.sub(av[q], av[q + 1], w[0], w[1], v, 0);
                Mersenne127.add(v[0], v[1], rv[q], rv[q + 1], v, 0);
                Mersenne127.mul(cv[q], cv[q + 1], 0, 1, w, 0);
                Mersenne127.add(v[0], v[1], w[0], w[1], v, 0);
                // 2^−64 = 2^63 because 2^127 ≡ 1
                Mersenne127.mul(v[0], v[1], 1L << 63, 0, v, 0);
                Mersenne127.sub(unit[0], unit[1], v[0], v[1], d, q);
            }
        }, a, c, rPrime, carry);
        return s.withMac(out);
    }

    /**
     * The combined G (or P) of each bit pair (2q, 2q+1) for c' + (2^64 − 1 − r') + 1, written as
     * k0 + ka·a + kb·b + kab·ab with a = r_2q, b = r_2q+1 and small integer coefficients read
     * off the public bits x of c'. Per bit: G_i = x_i(1 − r_i) (for i = 0, with the carry-in,
     * x_0 + (1 − x_0)(1 − r_0)), P_i = x_i ? r_i : 1 − r_i; combined G = G_hi + P_hi·G_lo,
     * P = P_hi·P_lo.
     */
    private static void pairLevel(Layer layer, Public c, Shared bits, Shared products, int len, long[] d, boolean wantG) {
        long[] t = new long[2];
        long[] unit = layer.unit();
        long[] bitShares = layer.of(bits);
        long[] productShares = layer.of(products);
        for (int q = 0; q < BITS / 2; q++) {
            int lo = 2 * q;
            for (int e = 0; e < len; e++) {
                long word = c.data[2 * e];
                boolean xl = ((word >>> lo) & 1) != 0;
                boolean xh = ((word >>> (lo + 1)) & 1) != 0;
                // P_hi = p0 + p1·b
                int p0 = xh ? 0 : 1;
                int p1 = xh ? 1 : -1;
                int k0;
                int ka;
                int kb;
                int kab;
                if (wantG) {
                    // G_lo = g0 + g1·a, G_hi = h0 + h1·b
                    int g0 = q == 0 ? 1 : (xl ? 1 : 0);
                    int g1 = q == 0 ? (xl ? 0 : -1) : (xl ? -1 : 0);
                    int h0 = xh ? 1 : 0;
                    int h1 = xh ? -1 : 0;
                    k0 = h0 + p0 * g0;
                    ka = p0 * g1;
                    kb = h1 + p1 * g0;
                    kab = p1 * g1;
                } else {
                    // P_lo = l0 + l1·a
                    int l0 = xl ? 0 : 1;
                    int l1 = xl ? 1 : -1;
                    k0 = p0 * l0;
                    ka = p0 * l1;
                    kb = p1 * l0;
                    kab = p1 * l1;
                }
                int out = 2 * (q * len + e);
                int ia = 2 * (lo * len + e);
                int ib = 2 * ((lo + 1) * len + e);
                d[out] = 0;
                d[out + 1] = 0;
                Mersenne127.addMultiple(d, out, k0, unit[0], unit[1], t);
                Mersenne127.addMultiple(d, out, ka, bitShares[ia], bitShares[ia + 1], t);
                Mersenne127.addMultiple(d, out, kb, bitShares[ib], bitShares[ib + 1], t);
                Mersenne127.addMultiple(d, out, kab, productShares[out], productShares[out + 1], t);
            }
        }
    }

    /** [a = 0] for a in [−2^64, 2^64), element-wise. */
    public static Shared equalsZero(Shared a) {
        MpcSession s = a.session;
        checkSession(s);
        int len = a.length;
        int k = BITS + 1;
        Shared bits = s.randomBitsWithoutMac(k * len);
        Shared high = s.randomBoundedWithoutMac(KAPPA, len);
        Shared rPrime = weightedSum(bits, k, len);
        Shared masked = new Shared(s, len);
        s.linearData(masked, (l, d) -> {
            long[] av = l.of(a);
            long[] hv = l.of(high);
            long[] rv = l.of(rPrime);
            long[] unit = l.unit();
            long[] t = new long[2];
            for (int e = 0; e < len; e++) {
                int q = 2 * e;
                // a + 2^65·(1 + r'') + r'
                Mersenne127.add(hv[q], hv[q + 1], unit[0], unit[1], t, 0);
                Mersenne127.mul(t[0], t[1], 0, 2, t, 0);
                Mersenne127.add(av[q], av[q + 1], t[0], t[1], d, q);
                Mersenne127.add(d[q], d[q + 1], rv[q], rv[q + 1], d, q);
            }
        }, a, high, rPrime);
        Public c = s.openMasked(masked);
        Shared z = new Shared(s, k * len);
        s.linearData(z, (l, d) -> {
            long[] bv = l.of(bits);
            long[] unit = l.unit();
            for (int i = 0; i < k; i++) {
                for (int e = 0; e < len; e++) {
                    int q = 2 * (i * len + e);
                    long word = i < BITS ? c.data[2 * e] >>> i : c.data[2 * e + 1];
                    if ((word & 1) != 0) {
                        d[q] = bv[q];
                        d[q + 1] = bv[q + 1];
                    } else {
                        Mersenne127.sub(unit[0], unit[1], bv[q], bv[q + 1], d, q);
                    }
                }
            }
        }, c, bits);
        return s.withMac(productTree(z, k, len));
    }

    /** Σ_i 2^i · bits[i] per element, bits group-major ({@code count} groups of {@code len}). */
    private static Shared weightedSum(Shared bits, int count, int len) {
        Shared out = new Shared(bits.session, len);
        bits.session.linearData(out, (l, d) -> {
            long[] bv = l.of(bits);
            long[] t = new long[2];
            for (int i = 0; i < count; i++) {
                for (int e = 0; e < len; e++) {
                    int q = 2 * (i * len + e);
                    // 2^i·x is a rotation of x (2^127 ≡ 1): no multiplication
                    Mersenne127.mulPow2(bv[q], bv[q + 1], i, t, 0);
                    Mersenne127.add(d[2 * e], d[2 * e + 1], t[0], t[1], d, 2 * e);
                }
            }
        }, bits);
        return out;
    }

    /**
     * Carry-out of (G, P) pairs over {@code groups} (a power of two) bit positions, group 0 the
     * least significant, whose P is never needed.
     */
    private static Shared carryTree(Shared g, Shared p, int groups, int len) {
        MpcSession s = g.session;
        while (groups > 1) {
            int half = groups / 2;
            Shared gl = g;
            Shared pl = p;
            Shared left = new Shared(s, (2 * half - 1) * len);
            Shared right = new Shared(s, (2 * half - 1) * len);
            // left = [P_hi(q), q < half] ++ [P_hi(q), 1 ≤ q < half]; right = [G_lo(q)] ++ [P_lo(q)]
            s.linearData(left, (l, d) -> {
                for (int q = 0; q < half; q++) {
                    System.arraycopy(l.of(pl), 2 * (2 * q + 1) * len, d, 2 * q * len, 2 * len);
                }
                for (int q = 1; q < half; q++) {
                    System.arraycopy(l.of(pl), 2 * (2 * q + 1) * len, d, 2 * (half + q - 1) * len, 2 * len);
                }
            }, pl);
            s.linearData(right, (l, d) -> {
                for (int q = 0; q < half; q++) {
                    System.arraycopy(l.of(gl), 2 * (2 * q) * len, d, 2 * q * len, 2 * len);
                }
                for (int q = 1; q < half; q++) {
                    System.arraycopy(l.of(pl), 2 * (2 * q) * len, d, 2 * (half + q - 1) * len, 2 * len);
                }
            }, gl, pl);
            Shared prod = s.multiplyWithoutMac(left, right);
            Shared ng = new Shared(s, half * len);
            Shared np = new Shared(s, half * len);
            s.linearData(ng, (l, d) -> {
                for (int q = 0; q < half; q++) {
                    for (int e = 0; e < len; e++) {
                        int hi = 2 * ((2 * q + 1) * len + e);
                        int pr = 2 * (q * len + e);
                        Mersenne127.add(l.of(gl)[hi], l.of(gl)[hi + 1], l.of(prod)[pr], l.of(prod)[pr + 1], d, pr);
                    }
                }
            }, gl, prod);
            s.linearData(np, (l, d) -> {
                // group 0's P stays zero: it is never used
                System.arraycopy(l.of(prod), 2 * half * len, d, 2 * len, 2 * (half - 1) * len);
            }, prod);
            g = ng;
            p = np;
            groups = half;
        }
        return g;
    }

    /** Π of {@code groups} groups per element, a balanced tree of multiplications. */
    private static Shared productTree(Shared z, int groups, int len) {
        MpcSession s = z.session;
        while (groups > 1) {
            int half = groups / 2;
            boolean odd = groups % 2 == 1;
            Shared cur = z;
            Shared even = new Shared(s, half * len);
            Shared oddParts = new Shared(s, half * len);
            s.linearData(even, (l, d) -> {
                for (int q = 0; q < half; q++) {
                    System.arraycopy(l.of(cur), 2 * (2 * q) * len, d, 2 * q * len, 2 * len);
                }
            }, cur);
            s.linearData(oddParts, (l, d) -> {
                for (int q = 0; q < half; q++) {
                    System.arraycopy(l.of(cur), 2 * (2 * q + 1) * len, d, 2 * q * len, 2 * len);
                }
            }, cur);
            Shared prod = s.multiplyWithoutMac(even, oddParts);
            int next = half + (odd ? 1 : 0);
            Shared nz = new Shared(s, next * len);
            int g = groups;
            s.linearData(nz, (l, d) -> {
                System.arraycopy(l.of(prod), 0, d, 0, 2 * half * len);
                if (odd) {
                    System.arraycopy(l.of(cur), 2 * (g - 1) * len, d, 2 * half * len, 2 * len);
                }
            }, cur, prod);
            z = nz;
            groups = next;
        }
        return z;
    }
}
