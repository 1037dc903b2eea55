package org.veilgrid.fhe.bfv;

import org.veilgrid.kernels.Kernels;
import org.veilgrid.kernels.Modulus;

/** RNS polynomial arithmetic on the native kernels, one kernel call per prime. */
final class PolyArithmetic {
    private PolyArithmetic() {
    }

    static void requireSameForm(RnsPoly a, RnsPoly b) {
        if (a.ntt != b.ntt) {
            throw new IllegalStateException("mixing NTT and coefficient forms");
        }
    }

    static void add(BfvContext ctx, RnsPoly a, RnsPoly b, RnsPoly out) {
        requireSameForm(a, b);
        Kernels k = ctx.kernels();
        int n = ctx.n();
        for (int i = 0; i < ctx.primeCount(); i++) {
            k.add(ctx.modulus(i), a.data, i * n, b.data, i * n, out.data, i * n, n);
        }
        out.ntt = a.ntt;
    }

    static void sub(BfvContext ctx, RnsPoly a, RnsPoly b, RnsPoly out) {
        requireSameForm(a, b);
        Kernels k = ctx.kernels();
        int n = ctx.n();
        for (int i = 0; i < ctx.primeCount(); i++) {
            k.sub(ctx.modulus(i), a.data, i * n, b.data, i * n, out.data, i * n, n);
        }
        out.ntt = a.ntt;
    }

    static void negate(BfvContext ctx, RnsPoly a, RnsPoly out) {
        int n = ctx.n();
        for (int i = 0; i < ctx.primeCount(); i++) {
            Modulus q = ctx.modulus(i);
            for (int j = i * n; j < (i + 1) * n; j++) {
                out.data[j] = q.negate(a.data[j]);
            }
        }
        out.ntt = a.ntt;
    }

    /** Pointwise product; both operands in NTT form. */
    static void mul(BfvContext ctx, RnsPoly a, RnsPoly b, RnsPoly out) {
        if (!a.ntt || !b.ntt) {
            throw new IllegalStateException("polynomial products need NTT form");
        }
        Kernels k = ctx.kernels();
        int n = ctx.n();
        for (int i = 0; i < ctx.primeCount(); i++) {
            k.mul(ctx.modulus(i), a.data, i * n, b.data, i * n, out.data, i * n, n);
        }
        out.ntt = true;
    }

    static void toNtt(BfvContext ctx, RnsPoly a) {
        if (!a.ntt) {
            ctx.kernels().forward(ctx.ntt(), a.data);
            a.ntt = true;
        }
    }

    static void fromNtt(BfvContext ctx, RnsPoly a) {
        if (a.ntt) {
            ctx.kernels().inverse(ctx.ntt(), a.data);
            a.ntt = false;
        }
    }

    /**
     * The RNS form (coefficient domain) of a polynomial with small signed integer coefficients.
     * Branch-free: the coefficients are usually secret (keys, noise).
     */
    static RnsPoly fromSigned(BfvContext ctx, long[] coeffs) {
        int n = ctx.n();
        RnsPoly p = new RnsPoly(n, ctx.primeCount(), false);
        for (int i = 0; i < ctx.primeCount(); i++) {
            long q = ctx.modulus(i).value();
            for (int j = 0; j < n; j++) {
                long v = coeffs[j];
                p.data[i * n + j] = v + (q & (v >> 63));
            }
        }
        return p;
    }

    /**
     * a(X) to a(X^g) in Z_Q[X]/(X^N + 1) for odd g, in coefficient form: coefficient i moves
     * to i&middot;g mod 2N, with a sign flip when that lands in [N, 2N).
     */
    static RnsPoly automorphism(BfvContext ctx, RnsPoly a, long g) {
        if (a.ntt) {
            throw new IllegalStateException("automorphisms are applied in coefficient form");
        }
        int n = ctx.n();
        long twoN = 2L * n;
        RnsPoly out = new RnsPoly(n, ctx.primeCount(), false);
        for (int i = 0; i < ctx.primeCount(); i++) {
            Modulus q = ctx.modulus(i);
            int base = i * n;
            for (int x = 0; x < n; x++) {
                long e = (x * g) % twoN;
                if (e < n) {
                    out.data[base + (int) e] = a.data[base + x];
                } else {
                    out.data[base + (int) (e - n)] = q.negate(a.data[base + x]);
                }
            }
        }
        return out;
    }
}
