package org.veilgrid.fhe.bfv;

import org.veilgrid.fhe.rns.RnsPoly;

/** The BFV secret key s (ternary), kept in NTT form. Never printed or serialized in clear. */
public final class SecretKey {
    final RnsPoly s;
    private final BfvContext context;
    private final KeyId keyId;

    SecretKey(BfvContext context, RnsPoly s) {
        this.context = context;
        this.s = s;
        this.keyId = KeyId.of(context, s);
    }

    BfvContext context() {
        return context;
    }

    /** The public id of this key, which its public and evaluation keys and its ciphertexts carry. */
    public KeyId keyId() {
        return keyId;
    }

    @Override
    public String toString() {
        return "SecretKey(" + context.parameters() + ", key " + keyId + ")";
    }
}
