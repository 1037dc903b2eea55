package org.veilgrid.fhe.bfv;

import java.security.SecureRandom;
import java.util.Arrays;

/** Makes a secret key and the public key that goes with it. */
public final class KeyGenerator {
    private final BfvContext context;
    private final Sampler sampler;

    public KeyGenerator(BfvContext context) {
        this(context, new SecureRandom());
    }

    KeyGenerator(BfvContext context, SecureRandom random) {
        this.context = context;
        this.sampler = new Sampler(random);
    }

    /** A fresh ternary secret key. */
    public SecretKey secretKey() {
        long[] s = sampler.ternary(context.n());
        RnsPoly poly = PolyArithmetic.fromSigned(context, s);
        Arrays.fill(s, 0);
        PolyArithmetic.toNtt(context, poly);
        return new SecretKey(context, poly);
    }

    /** The public key (-(a&middot;s + e), a) for a fresh uniform a and Gaussian e. */
    public PublicKey publicKey(SecretKey sk) {
        Checks.sameContext(context, sk.context(), "secret key");
        RnsPoly a = Sampler.uniform(context, sampler.seed());
        long[] e = sampler.gaussian(context.n());
        RnsPoly ePoly = PolyArithmetic.fromSigned(context, e);
        Arrays.fill(e, 0);
        PolyArithmetic.toNtt(context, ePoly);
        RnsPoly p0 = new RnsPoly(context.n(), context.primeCount(), true);
        PolyArithmetic.mul(context, a, sk.s, p0);
        PolyArithmetic.add(context, p0, ePoly, p0);
        PolyArithmetic.negate(context, p0, p0);
        return new PublicKey(context, p0, a);
    }

    /**
     * Relinearization keys for s: one key-switching pair per RNS prime (see {@link RelinKeys}).
     */
    public RelinKeys relinKeys(SecretKey sk) {
        Checks.sameContext(context, sk.context(), "secret key");
        int n = context.n();
        int k = context.primeCount();
        RnsPoly s2 = new RnsPoly(n, k, true);
        PolyArithmetic.mul(context, sk.s, sk.s, s2);
        RnsPoly[] b = new RnsPoly[k];
        RnsPoly[] a = new RnsPoly[k];
        for (int j = 0; j < k; j++) {
            a[j] = Sampler.uniform(context, sampler.seed());
            long[] e = sampler.gaussian(n);
            RnsPoly ePoly = PolyArithmetic.fromSigned(context, e);
            Arrays.fill(e, 0);
            PolyArithmetic.toNtt(context, ePoly);
            b[j] = new RnsPoly(n, k, true);
            PolyArithmetic.mul(context, a[j], sk.s, b[j]);
            PolyArithmetic.negate(context, b[j], b[j]);
            PolyArithmetic.add(context, b[j], ePoly, b[j]);
            // (Q/q_j) s^2 is zero modulo every prime but q_j.
            long[] term = new long[n];
            context.kernels().mulScalar(context.modulus(j), s2.data, j * n, context.qHatModQj(j), term, 0, n);
            context.kernels().add(context.modulus(j), b[j].data, j * n, term, 0, b[j].data, j * n, n);
            Arrays.fill(term, 0);
        }
        Arrays.fill(s2.data, 0);
        return new RelinKeys(context, b, a);
    }
}
