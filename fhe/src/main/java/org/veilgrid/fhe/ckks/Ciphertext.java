package org.veilgrid.fhe.ckks;

import org.veilgrid.fhe.rns.RnsPoly;

/**
 * A CKKS ciphertext (c0, c1) in NTT form at one level, with c0 + c1&middot;s &asymp;
 * &Delta;&middot;m: its scale &Delta; is tracked exactly (as a double), a product's being the
 * product of its operands' scales and a rescale dividing by the dropped prime. Immutable.
 */
public final class Ciphertext {
    final CkksContext context;
    final int level;
    final double scale;
    final RnsPoly c0;
    final RnsPoly c1;
    /** The id of the secret key it decrypts under. */
    final KeyId owner;

    /**
     * For a fresh symmetric encryption, the public seed c1 was expanded from at this level (else
     * null): the encoding then sends 32 bytes for c1. Operations make new ciphertexts without it.
     */
    final byte[] c1Seed;

    Ciphertext(CkksContext context, int level, double scale, RnsPoly c0, RnsPoly c1, KeyId owner) {
        this(context, level, scale, c0, c1, owner, null);
    }

    Ciphertext(CkksContext context, int level, double scale, RnsPoly c0, RnsPoly c1, KeyId owner, byte[] c1Seed) {
        this.context = context;
        this.level = level;
        this.scale = scale;
        this.c0 = c0;
        this.c1 = c1;
        this.owner = java.util.Objects.requireNonNull(owner, "owner");
        this.c1Seed = c1Seed == null ? null : c1Seed.clone();
    }

    /** 0 at the top of the modulus chain, one more per rescale. */
    public int level() {
        return level;
    }

    public double scale() {
        return scale;
    }

    /** The id of the secret key this ciphertext decrypts under. */
    public KeyId keyId() {
        return owner;
    }

    @Override
    public String toString() {
        return "CkksCiphertext(N=" + context.n() + ", level " + level + ", scale 2^"
                + String.format(java.util.Locale.ROOT, "%.2f", Math.log(scale) / Math.log(2)) + ")";
    }
}
