package org.veilgrid.fhe.ckks;

import org.veilgrid.fhe.rns.KeySwitchKey;

/** The key switch from s<sup>2</sup> to s that brings a product back to two components. */
public final class RelinKeys {
    final CkksContext context;
    final KeySwitchKey key;
    /** The id of the secret key they were made from. */
    final KeyId owner;

    RelinKeys(CkksContext context, KeySwitchKey key, KeyId owner) {
        this.context = context;
        this.key = key;
        this.owner = owner;
    }

    /** The id of the secret key these keys belong to. */
    public KeyId keyId() {
        return owner;
    }

    @Override
    public String toString() {
        return "CkksRelinKeys(N=" + context.n() + ")";
    }
}
