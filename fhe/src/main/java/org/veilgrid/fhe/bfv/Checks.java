package org.veilgrid.fhe.bfv;

import org.veilgrid.core.errors.ParameterException;

/** Argument checks shared by the BFV roles. */
final class Checks {
    private Checks() {
    }

    static void sameContext(BfvContext expected, BfvContext actual, String what) {
        if (expected != actual) {
            throw new ParameterException(what + " belongs to another BFV context");
        }
    }

    static void plaintextFits(BfvContext context, Plaintext p) {
        if (p.n() != context.n()) {
            throw new ParameterException("plaintext has " + p.n() + " coefficients, the context needs N = " + context.n());
        }
        long t = context.parameters().plainModulus();
        for (long c : p.raw()) {
            if (c >= t) {
                throw new ParameterException("plaintext coefficient lies outside [0, t = " + t + ") of this context");
            }
        }
    }

    /** The ciphertext's context, which must be {@code top} or a level below it in its chain. */
    static BfvContext inChain(BfvContext top, Ciphertext c) {
        BfvContext ctx = c.context();
        if (ctx != top && !top.isAncestorOf(ctx)) {
            throw new ParameterException("ciphertext belongs to another BFV context");
        }
        return ctx;
    }

    /** A signed scalar must lie in (-t/2, t/2]: [-(t-1)/2, t/2] in integers, for odd and even t. */
    static void scalarInRange(BfvContext context, long v) {
        long t = context.parameters().plainModulus();
        if (v > t / 2 || v < -((t - 1) / 2)) {
            throw new ParameterException("scalar " + v + " lies outside (-t/2, t/2] for t = " + t);
        }
    }
}
