package org.veilgrid.fhe.bfv;

/**
 * A BFV ciphertext (c0, c1) with c0 + c1&middot;s = &Delta;m + e (mod Q), both components in NTT
 * form. Immutable from the outside; the evaluator returns new ciphertexts.
 */
public final class Ciphertext {
    final RnsPoly c0;
    final RnsPoly c1;
    private final BfvContext context;

    Ciphertext(BfvContext context, RnsPoly c0, RnsPoly c1) {
        this.context = context;
        this.c0 = c0;
        this.c1 = c1;
    }

    BfvContext context() {
        return context;
    }

    @Override
    public String toString() {
        return "Ciphertext(" + context.parameters() + ")";
    }
}
