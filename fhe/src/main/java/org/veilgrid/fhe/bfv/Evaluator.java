package org.veilgrid.fhe.bfv;

/**
 * Homomorphic operations on ciphertexts of one context. Each returns a new ciphertext; inputs
 * are never modified. Noise: add/sub/negate add the inputs' noises; plaintext addition adds
 * none beyond rounding; plaintext multiplication multiplies the noise by about N&middot;t/2.
 */
public final class Evaluator {
    private final BfvContext context;

    public Evaluator(BfvContext context) {
        this.context = context;
    }

    public Ciphertext add(Ciphertext a, Ciphertext b) {
        check(a);
        check(b);
        int n = context.n();
        int k = context.primeCount();
        RnsPoly c0 = new RnsPoly(n, k, true);
        RnsPoly c1 = new RnsPoly(n, k, true);
        PolyArithmetic.add(context, a.c0, b.c0, c0);
        PolyArithmetic.add(context, a.c1, b.c1, c1);
        return new Ciphertext(context, c0, c1);
    }

    public Ciphertext sub(Ciphertext a, Ciphertext b) {
        check(a);
        check(b);
        int n = context.n();
        int k = context.primeCount();
        RnsPoly c0 = new RnsPoly(n, k, true);
        RnsPoly c1 = new RnsPoly(n, k, true);
        PolyArithmetic.sub(context, a.c0, b.c0, c0);
        PolyArithmetic.sub(context, a.c1, b.c1, c1);
        return new Ciphertext(context, c0, c1);
    }

    public Ciphertext negate(Ciphertext a) {
        check(a);
        int n = context.n();
        int k = context.primeCount();
        RnsPoly c0 = new RnsPoly(n, k, true);
        RnsPoly c1 = new RnsPoly(n, k, true);
        PolyArithmetic.negate(context, a.c0, c0);
        PolyArithmetic.negate(context, a.c1, c1);
        return new Ciphertext(context, c0, c1);
    }

    /** Enc(m) + p = Enc(m + p): adds &Delta;&middot;p to c0. */
    public Ciphertext addPlain(Ciphertext a, Plaintext p) {
        check(a);
        Checks.plaintextFits(context, p);
        RnsPoly c0 = a.c0.copy();
        PolyArithmetic.add(context, c0, Encryptor.scaledPlaintext(context, p), c0);
        return new Ciphertext(context, c0, a.c1.copy());
    }

    /** Enc(m) - p = Enc(m - p). */
    public Ciphertext subPlain(Ciphertext a, Plaintext p) {
        check(a);
        Checks.plaintextFits(context, p);
        RnsPoly c0 = a.c0.copy();
        PolyArithmetic.sub(context, c0, Encryptor.scaledPlaintext(context, p), c0);
        return new Ciphertext(context, c0, a.c1.copy());
    }

    /**
     * Enc(m) &middot; p = Enc(m&middot;p) in Z<sub>t</sub>[X]/(X<sup>N</sup>+1). The plaintext is
     * lifted with centered coefficients in (-t/2, t/2], which keeps the noise growth to about
     * N&middot;t/2.
     */
    public Ciphertext multiplyPlain(Ciphertext a, Plaintext p) {
        check(a);
        Checks.plaintextFits(context, p);
        long t = context.parameters().plainModulus();
        long[] centered = p.coefficients();
        for (int j = 0; j < centered.length; j++) {
            // Subtract t when the coefficient exceeds t/2, without branching on the data.
            centered[j] -= t & ((t / 2 - centered[j]) >> 63);
        }
        RnsPoly lifted = PolyArithmetic.fromSigned(context, centered);
        PolyArithmetic.toNtt(context, lifted);
        int n = context.n();
        int k = context.primeCount();
        RnsPoly c0 = new RnsPoly(n, k, true);
        RnsPoly c1 = new RnsPoly(n, k, true);
        PolyArithmetic.mul(context, a.c0, lifted, c0);
        PolyArithmetic.mul(context, a.c1, lifted, c1);
        return new Ciphertext(context, c0, c1);
    }

    private void check(Ciphertext c) {
        Checks.sameContext(context, c.context(), "ciphertext");
    }
}
