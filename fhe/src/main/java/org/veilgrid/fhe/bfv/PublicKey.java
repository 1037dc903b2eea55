package org.veilgrid.fhe.bfv;

import org.veilgrid.fhe.rns.RnsPoly;

/** The BFV public key (p0, p1) = (-(a&middot;s + e), a), in NTT form. */
public final class PublicKey {
    final RnsPoly p0;
    final RnsPoly p1;
    private final BfvContext context;
    private final KeyId keyId;

    PublicKey(BfvContext context, RnsPoly p0, RnsPoly p1, KeyId keyId) {
        this.context = context;
        this.p0 = p0;
        this.p1 = p1;
        this.keyId = keyId;
    }

    BfvContext context() {
        return context;
    }

    /** The id of the secret key this public key belongs to. */
    public KeyId keyId() {
        return keyId;
    }

    @Override
    public String toString() {
        return "PublicKey(" + context.parameters() + ", key " + keyId + ")";
    }
}
