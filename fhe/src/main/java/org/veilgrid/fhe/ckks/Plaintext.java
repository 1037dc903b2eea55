package org.veilgrid.fhe.ckks;

import org.veilgrid.fhe.rns.RnsPoly;

/**
 * An encoded CKKS plaintext at one level: round(&Delta;&middot;&sigma;<sup>-1</sup>(z)) in NTT
 * form over the level's primes, with its scale &Delta;. Made by {@link CkksContext#encode};
 * immutable; {@link #toString} shows no values.
 */
public final class Plaintext {
    final CkksContext context;
    final int level;
    final double scale;
    final RnsPoly poly;

    Plaintext(CkksContext context, int level, double scale, RnsPoly poly) {
        this.context = context;
        this.level = level;
        this.scale = scale;
        this.poly = poly;
    }

    public int level() {
        return level;
    }

    public double scale() {
        return scale;
    }

    @Override
    public String toString() {
        return "CkksPlaintext(N=" + context.n() + ", level " + level + ")";
    }
}
