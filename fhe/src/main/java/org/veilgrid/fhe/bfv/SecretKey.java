package org.veilgrid.fhe.bfv;

/** The BFV secret key s (ternary), kept in NTT form. Never printed or serialized in clear. */
public final class SecretKey {
    final RnsPoly s;
    private final BfvContext context;

    SecretKey(BfvContext context, RnsPoly s) {
        this.context = context;
        this.s = s;
    }

    BfvContext context() {
        return context;
    }

    @Override
    public String toString() {
        return "SecretKey(" + context.parameters() + ")";
    }
}
