package org.veilgrid.fhe.ckks;

import org.veilgrid.core.errors.ParameterException;

/** The argument checks every CKKS role shares. */
final class Checks {
    private Checks() {
    }

    static void sameContext(CkksContext expected, CkksContext actual, String what) {
        if (expected != actual) {
            throw new ParameterException("the " + what + " belongs to another CKKS context");
        }
    }

    static void sameKey(SecretKey a, SecretKey b, String what) {
        if (a != b) {
            throw new ParameterException(what);
        }
    }
}
