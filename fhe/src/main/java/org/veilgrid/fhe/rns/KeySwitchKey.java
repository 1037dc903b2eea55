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
    /**
     * The public 32-byte seeds a<sub>j</sub> were expanded from ({@link Sampler#uniform} over the
     * key basis), or null, as a whole or for a digit, where a<sub>j</sub> did not come from a seed
     * (a key decoded in full): with them an encoding sends 32 bytes instead of each a<sub>j</sub>,
     * halving the key.
     */
    public final byte[][] seeds;

    public KeySwitchKey(RnsPoly[] b, RnsPoly[] a) {
        this(b, a, null);
    }

    public KeySwitchKey(RnsPoly[] b, RnsPoly[] a, byte[][] seeds) {
        this.b = b;
        this.a = a;
        this.seeds = seeds;
    }

    @Override
    public String toString() {
        return "KeySwitchKey(" + b.length + " digits)";
    }
}
