package org.veilgrid.fhe.bfv;

import org.veilgrid.core.errors.ParameterException;

/**
 * One signed integer per plaintext, as the constant polynomial: values in (-t/2, t/2] map to
 * [0, t) and back. Sums and products of such plaintexts stay constant, so encrypted arithmetic
 * on one number at a time reads like integer arithmetic modulo t. (For many numbers at once use
 * {@link BatchEncoder}.)
 */
public final class ScalarEncoder {
    private final BfvContext context;
    private final long t;

    public ScalarEncoder(BfvContext context) {
        this.context = context;
        this.t = context.parameters().plainModulus();
    }

    /** @throws ParameterException if v lies outside (-t/2, t/2] */
    public Plaintext encode(long v) {
        Checks.scalarInRange(context, v);
        long[] coeffs = new long[context.n()];
        coeffs[0] = v < 0 ? v + t : v;
        return Plaintext.of(context, coeffs);
    }

    /**
     * The signed value of a constant plaintext.
     *
     * @throws ParameterException if the plaintext is not constant (it did not come from this
     *     encoder's arithmetic)
     */
    public long decode(Plaintext p) {
        Checks.plaintextFits(context, p);
        long[] c = p.raw();
        for (int i = 1; i < c.length; i++) {
            if (c[i] != 0) {
                throw new ParameterException("plaintext is not a scalar: coefficient " + i + " is non-zero");
            }
        }
        return c[0] > t / 2 ? c[0] - t : c[0];
    }
}
