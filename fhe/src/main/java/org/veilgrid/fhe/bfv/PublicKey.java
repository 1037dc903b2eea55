package org.veilgrid.fhe.bfv;

/** The BFV public key (p0, p1) = (-(a&middot;s + e), a), in NTT form. */
public final class PublicKey {
    final RnsPoly p0;
    final RnsPoly p1;
    private final BfvContext context;

    PublicKey(BfvContext context, RnsPoly p0, RnsPoly p1) {
        this.context = context;
        this.p0 = p0;
        this.p1 = p1;
    }

    BfvContext context() {
        return context;
    }

    @Override
    public String toString() {
        return "PublicKey(" + context.parameters() + ")";
    }
}
