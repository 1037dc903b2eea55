package org.veilgrid.fhe.bfv;

/**
 * Relinearization keys: for each RNS prime q<sub>j</sub> a pair (b<sub>j</sub>, a<sub>j</sub>) with
 * b<sub>j</sub> + a<sub>j</sub>&middot;s = e<sub>j</sub> + (Q/q<sub>j</sub>)&middot;s<sup>2</sup>,
 * in NTT form. Multiplying a ciphertext's s<sup>2</sup> part, split into its RNS digits, by these
 * pairs turns it back into a two-component ciphertext (a key switch from s<sup>2</sup> to s).
 */
public final class RelinKeys {
    final RnsPoly[] b;
    final RnsPoly[] a;
    private final BfvContext context;

    RelinKeys(BfvContext context, RnsPoly[] b, RnsPoly[] a) {
        this.context = context;
        this.b = b;
        this.a = a;
    }

    BfvContext context() {
        return context;
    }

    @Override
    public String toString() {
        return "RelinKeys(" + context.parameters() + ", " + b.length + " digits)";
    }
}
