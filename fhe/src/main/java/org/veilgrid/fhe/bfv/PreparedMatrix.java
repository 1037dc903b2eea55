package org.veilgrid.fhe.bfv;

/**
 * A plaintext d &times; d matrix arranged for {@link LinearAlgebra#matVec(Ciphertext,
 * PreparedMatrix, GaloisKeys)}: its generalized diagonals, each shifted for its giant step,
 * encoded and transformed to NTT form at one level once ({@link LinearAlgebra#prepare}), so that
 * a product with an encrypted vector does no encoding and no NTT for the matrix. Worth it when
 * one matrix meets many vectors (a model's weights, a node's table); the cost is memory: each
 * non-zero diagonal takes k&middot;N longs (k ciphertext primes at its level) instead of the
 * matrix's d entries. Immutable; its {@link #toString} shows no entries.
 */
public final class PreparedMatrix {
    final BfvContext context;
    final int dimension;
    final int babySteps;
    /** [giant step][baby step]: diag<sub>g&middot;B+b</sub> rotated right by g&middot;B; null where all zero. */
    final PreparedPlaintext[][] diagonals;

    PreparedMatrix(BfvContext context, int dimension, int babySteps, PreparedPlaintext[][] diagonals) {
        this.context = context;
        this.dimension = dimension;
        this.babySteps = babySteps;
        this.diagonals = diagonals;
    }

    /** d: the matrix is d &times; d. */
    public int dimension() {
        return dimension;
    }

    /** The level of the modulus chain the diagonals were prepared for (0 = the top). */
    public int level() {
        return context.level();
    }

    @Override
    public String toString() {
        return "PreparedMatrix(" + dimension + " x " + dimension + ", N = " + context.n() + ", level " + context.level() + ")";
    }
}
