package org.veilgrid.mpc.engine;

import org.veilgrid.mpc.field.FieldPrg;
import org.veilgrid.mpc.field.ShamirScheme;

/**
 * What the protocol steps of one party's session share: who this party is among how many, the
 * sharing scheme, how it opens sharings of degree t and 2t ({@link Reconstruction}), its
 * correlated randomness ({@link Prss}) and the PRG it deals its own sharings from, and the count
 * of secret multiplications. Nothing about scheduling or the program: a step gets this and its
 * own operands, and talks to the peers only through the {@link Round} it is handed.
 */
final class PartyContext {

    /** This party's index, 0-based. */
    final int self;
    /** Number of parties. */
    final int n;
    /** Degree of the sharings (the threshold). */
    final int t;
    final ShamirScheme scheme;
    /** Openings of degree-t sharings. */
    final Reconstruction degreeT;
    /** Openings of degree-2t sharings (products, squares). */
    final Reconstruction degree2T;
    final Prss prss;
    /** Coefficients of the sharings this party deals (its inputs, the n = 3 random-bit step). */
    final FieldPrg dealerPrg;
    private long multiplications;

    PartyContext(int self, ShamirScheme scheme, Prss prss, FieldPrg dealerPrg) {
        this.self = self;
        this.n = scheme.parties();
        this.t = scheme.threshold();
        this.scheme = scheme;
        this.degreeT = new Reconstruction(scheme, self, t);
        this.degree2T = new Reconstruction(scheme, self, 2 * t);
        this.prss = prss;
        this.dealerPrg = dealerPrg;
    }

    /** Counts {@code m} elementwise secret multiplications (degree reductions). */
    void countMultiplications(int m) {
        multiplications += m;
    }

    /** Elementwise secret multiplications so far. */
    long multiplications() {
        return multiplications;
    }

    @Override
    public String toString() {
        return "PartyContext[party " + self + " of " + n + ", t = " + t + "]";
    }
}
