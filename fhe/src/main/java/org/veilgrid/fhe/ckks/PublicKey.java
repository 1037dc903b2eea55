package org.veilgrid.fhe.ckks;

import org.veilgrid.fhe.rns.RnsPoly;

/** (p0, p1) = (&minus;(a&middot;s + e), a) at the top level: anyone can encrypt with it. */
public final class PublicKey {
    final CkksContext context;
    final RnsPoly p0;
    final RnsPoly p1;
    /** The id of the secret key it was made from (ciphertexts and keys must agree). */
    final KeyId owner;

    PublicKey(CkksContext context, RnsPoly p0, RnsPoly p1, KeyId owner) {
        this.context = context;
        this.p0 = p0;
        this.p1 = p1;
        this.owner = owner;
    }

    /** The id of the secret key this public key belongs to. */
    public KeyId keyId() {
        return owner;
    }

    @Override
    public String toString() {
        return "CkksPublicKey(N=" + context.n() + ")";
    }
}
