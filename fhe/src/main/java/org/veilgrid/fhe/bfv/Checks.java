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
}
