package org.veilgrid.fhe.ckks;

import org.veilgrid.fhe.rns.RnsPoly;

/** (p0, p1) = (&minus;(a&middot;s + e), a) at the top level: anyone can encrypt with it. */
public final class PublicKey {
    final CkksContext context;
    final RnsPoly p0;
    final RnsPoly p1;
    /** The id of the secret key it was made from (ciphertexts and keys must agree). */
    final KeyId owner;

    /** The public seed p1 was expanded from, or null: the encoding then sends 32 bytes for p1. */
    final byte[] p1Seed;

    PublicKey(CkksContext context, RnsPoly p0, RnsPoly p1, KeyId owner) {
        this(context, p0, p1, null, owner);
    }

    PublicKey(CkksContext context, RnsPoly p0, RnsPoly p1, byte[] p1Seed, KeyId owner) {
        this.context = context;
        this.p0 = p0;
        this.p1 = p1;
        this.p1Seed = p1Seed == null ? null : p1Seed.clone();
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
