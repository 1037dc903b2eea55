package org.veilgrid.fhe.rns;

/**
 * A key-switching key from a key s' to the secret key s: for each RNS prime q<sub>j</sub> a pair
 * (b<sub>j</sub>, a<sub>j</sub>) in NTT form with b<sub>j</sub> + a<sub>j</sub>&middot;s =
 * e<sub>j</sub> + (Q/q<sub>j</sub>)&middot;s'. Relinearization keys switch from s<sup>2</sup>,
 * Galois keys from s(X<sup>g</sup>).
 */
public final class KeySwitchKey {
    public final RnsPoly[] b;
    public final RnsPoly[] a;

    public KeySwitchKey(RnsPoly[] b, RnsPoly[] a) {
        this.b = b;
        this.a = a;
    }

    @Override
    public String toString() {
        return "KeySwitchKey(" + b.length + " digits)";
    }
}
