package org.veilgrid.fhe.bfv;

/**
 * Relinearization keys: a key switch from s<sup>2</sup> to s, which turns the three-component
 * result of a ciphertext product back into a two-component ciphertext.
 */
public final class RelinKeys {
    final KeySwitchKey key;
    private final BfvContext context;

    RelinKeys(BfvContext context, KeySwitchKey key) {
        this.context = context;
        this.key = key;
    }

    BfvContext context() {
        return context;
    }

    @Override
    public String toString() {
        return "RelinKeys(" + context.parameters() + ")";
    }
}
