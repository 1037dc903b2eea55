package org.veilgrid.fhe.bfv;

import java.util.Arrays;

/**
 * Key switching with RNS digits (no special prime): a polynomial d over Q is split as
 * d = &Sigma;<sub>j</sub> D<sub>j</sub>&middot;(Q/q<sub>j</sub>) with D<sub>j</sub> =
 * [d&middot;(Q/q<sub>j</sub>)<sup>-1</sup>]<sub>q<sub>j</sub></sub> &lt; q<sub>j</sub>, and
 * &Sigma;<sub>j</sub> D<sub>j</sub>&middot;(b<sub>j</sub>, a<sub>j</sub>) decrypts under s to
 * d&middot;s' + &Sigma;<sub>j</sub> D<sub>j</sub>e<sub>j</sub>. The added noise is about
 * k&middot;q<sub>max</sub>&middot;&sigma;&middot;&radic;N.
 */
final class KeySwitching {
    private KeySwitching() {
    }

    /** A key switching from {@code from} (NTT form) to the secret key s. */
    static KeySwitchKey generate(BfvContext ctx, Sampler sampler, RnsPoly s, RnsPoly from) {
        int n = ctx.n();
        int k = ctx.primeCount();
        RnsPoly[] b = new RnsPoly[k];
        RnsPoly[] a = new RnsPoly[k];
        long[] term = new long[n];
        for (int j = 0; j < k; j++) {
            a[j] = Sampler.uniform(ctx, sampler.seed());
            long[] e = sampler.gaussian(n);
            RnsPoly ePoly = PolyArithmetic.fromSigned(ctx, e);
            Arrays.fill(e, 0);
            PolyArithmetic.toNtt(ctx, ePoly);
            b[j] = new RnsPoly(n, k, true);
            PolyArithmetic.mul(ctx, a[j], s, b[j]);
            PolyArithmetic.negate(ctx, b[j], b[j]);
            PolyArithmetic.add(ctx, b[j], ePoly, b[j]);
            // (Q/q_j) s' is zero modulo every prime but q_j.
            ctx.kernels().mulScalar(ctx.modulus(j), from.data, j * n, ctx.qHatModQj(j), term, 0, n);
            ctx.kernels().add(ctx.modulus(j), b[j].data, j * n, term, 0, b[j].data, j * n, n);
        }
        Arrays.fill(term, 0);
        return new KeySwitchKey(b, a);
    }

    /**
     * Adds the switch of d (coefficient form) to (c0, c1) in NTT form: afterwards c0 + c1 s
     * has gained d s'.
     */
    static void applyInto(BfvContext ctx, RnsPoly d, KeySwitchKey key, RnsPoly c0, RnsPoly c1) {
        int n = ctx.n();
        int k = ctx.primeCount();
        long[] digit = new long[n];
        RnsPoly lifted = new RnsPoly(n, k, false);
        RnsPoly product = new RnsPoly(n, k, true);
        for (int j = 0; j < k; j++) {
            ctx.kernels().mulScalar(ctx.modulus(j), d.data, j * n, ctx.qHatInvModQj(j), digit, 0, n);
            for (int i = 0; i < k; i++) {
                long qi = ctx.modulus(i).value();
                for (int x = 0; x < n; x++) {
                    lifted.data[i * n + x] = digit[x] % qi;
                }
            }
            lifted.ntt = false;
            PolyArithmetic.toNtt(ctx, lifted);
            PolyArithmetic.mul(ctx, lifted, key.b[j], product);
            PolyArithmetic.add(ctx, c0, product, c0);
            PolyArithmetic.mul(ctx, lifted, key.a[j], product);
            PolyArithmetic.add(ctx, c1, product, c1);
        }
    }
}
