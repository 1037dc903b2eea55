package org.veilgrid.fhe.ckks;

import org.veilgrid.fhe.rns.RnsPoly;

/** A CKKS secret key: a ternary s in NTT form modulo every prime, the special one included. */
public final class SecretKey {
    final CkksContext context;
    final RnsPoly s;
    private final KeyId keyId;

    SecretKey(CkksContext context, RnsPoly s) {
        this.context = context;
        this.s = s;
        this.keyId = KeyId.of(context, s);
    }

    /** The public id of this key, which its public and evaluation keys and its ciphertexts carry. */
    public KeyId keyId() {
        return keyId;
    }

    @Override
    public String toString() {
        return "CkksSecretKey(N=" + context.n() + ")";
    }
}
