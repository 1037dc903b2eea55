package org.veilgrid.fhe.ckks;

import org.veilgrid.fhe.rns.KeySwitchKey;

/** The key switch from s<sup>2</sup> to s that brings a product back to two components. */
public final class RelinKeys {
    final CkksContext context;
    final KeySwitchKey key;
    final SecretKey owner;

    RelinKeys(CkksContext context, KeySwitchKey key, SecretKey owner) {
        this.context = context;
        this.key = key;
        this.owner = owner;
    }

    @Override
    public String toString() {
        return "CkksRelinKeys(N=" + context.n() + ")";
    }
}
