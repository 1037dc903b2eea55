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

    /** Both objects belong to one secret key: their {@link KeyId}s, which survive the wire, are equal. */
    static void sameKey(KeyId a, KeyId b, String what) {
        if (!a.equals(b)) {
            throw new ParameterException(what + " (keys " + a + " and " + b + ")");
        }
    }
}
