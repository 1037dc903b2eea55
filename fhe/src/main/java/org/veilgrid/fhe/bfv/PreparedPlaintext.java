package org.veilgrid.fhe.bfv;

import org.veilgrid.fhe.rns.RnsPoly;

/**
 * A plaintext lifted to the ciphertext modulus of one level and transformed to NTT form once
 * ({@link Evaluator#prepare}), so that each plaintext product with it is pointwise: the NTT is
 * paid once, not per product (as SEAL's {@code transform_to_ntt} of a plaintext, or OpenFHE's
 * plaintexts kept in evaluation form). Immutable; usable only with ciphertexts at its level.
 * It holds the plaintext's values, so {@link #toString} shows none of them.
 */
public final class PreparedPlaintext {
    final BfvContext context;
    final RnsPoly lifted;

    PreparedPlaintext(BfvContext context, RnsPoly lifted) {
        this.context = context;
        this.lifted = lifted;
    }

    /** The level of the modulus chain this plaintext was prepared for (0 = the top). */
    public int level() {
        return context.level();
    }

    @Override
    public String toString() {
        return "PreparedPlaintext(N = " + context.n() + ", level " + context.level() + ")";
    }
}
