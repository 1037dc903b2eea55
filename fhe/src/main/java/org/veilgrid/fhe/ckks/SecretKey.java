package org.veilgrid.fhe.ckks;

import org.veilgrid.fhe.rns.RnsPoly;

/** A CKKS secret key: a ternary s in NTT form modulo every prime, the special one included. */
public final class SecretKey {
    final CkksContext context;
    final RnsPoly s;

    SecretKey(CkksContext context, RnsPoly s) {
        this.context = context;
        this.s = s;
    }

    @Override
    public String toString() {
        return "CkksSecretKey(N=" + context.n() + ")";
    }
}
