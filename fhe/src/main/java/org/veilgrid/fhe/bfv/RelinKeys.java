package org.veilgrid.fhe.bfv;

import org.veilgrid.fhe.rns.KeySwitchKey;

/**
 * Relinearization keys: a key switch from s<sup>2</sup> to s, which turns the three-component
 * result of a ciphertext product back into a two-component ciphertext.
 */
public final class RelinKeys {
    final KeySwitchKey key;
    private final BfvContext context;
    private final KeyId keyId;

    RelinKeys(BfvContext context, KeySwitchKey key, KeyId keyId) {
        this.context = context;
        this.key = key;
        this.keyId = keyId;
    }

    BfvContext context() {
        return context;
    }

    /** The id of the secret key these keys were made from. */
    public KeyId keyId() {
        return keyId;
    }

    @Override
    public String toString() {
        return "RelinKeys(" + context.parameters() + ", key " + keyId + ")";
    }
}
