package org.veilgrid.mpc.engine;

import java.util.function.UnaryOperator;

import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.mpc.field.FieldPrg;
import org.veilgrid.mpc.field.ShamirScheme;

/**
 * What the protocol steps of one party's session share: who this party is among how many, the
 * sharing scheme, how it opens sharings of degree t and 2t ({@link Reconstruction}), its
 * correlated randomness ({@link Prss}) and the PRG it deals its own sharings from, and the count
 * of secret multiplications. In malicious mode also this party's share of the MAC key R, the
 * MAC {@link Layer}, the {@link Wires} awaiting verification and a fault found in an unverified
 * opening, reported at the next verification. Nothing about scheduling or the program: a step gets
 * this and its own operands, and talks to the peers only through the {@link Round} it is handed.
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
    /** The parties' names, by index (to name a culprit). */
    final String[] names;
    final Security security;
    /** This party's share of the MAC key R (malicious mode; null otherwise). */
    final long[] macKey;
    /** The MAC layer (malicious mode; null otherwise). */
    final Layer macLayer;
    /** Wires awaiting verification (malicious mode; null otherwise). */
    final Wires wires;
    /** Kills the session and tells the peers; returns the exception to throw. */
    private final UnaryOperator<ProtocolAbortException> abort;
    /** A fault seen in an unverified (masked) opening, reported by the next verification. */
    private String deferredFault;
    private long multiplications;

    /** PRSS stream (node id) of the MAC key R: below every node id, which count from 0. */
    static final long MAC_KEY_STREAM = -1;

    PartyContext(int self, ShamirScheme scheme, Prss prss, FieldPrg dealerPrg, String[] names, Security security,
                 UnaryOperator<ProtocolAbortException> abort) {
        this.self = self;
        this.n = scheme.parties();
        this.t = scheme.threshold();
        this.scheme = scheme;
        this.degreeT = new Reconstruction(scheme, self, t);
        this.degree2T = new Reconstruction(scheme, self, 2 * t);
        this.prss = prss;
        this.dealerPrg = dealerPrg;
        this.names = names.clone();
        this.security = security;
        this.abort = abort;
        if (security == Security.MALICIOUS) {
            this.macKey = prss.random(MAC_KEY_STREAM, 1);
            this.macLayer = Layer.mac(macKey);
            this.wires = new Wires();
        } else {
            this.macKey = null;
            this.macLayer = null;
            this.wires = null;
        }
    }

    /** Whether values carry MACs and openings are checked and verified. */
    boolean malicious() {
        return security == Security.MALICIOUS;
    }

    /** Kills the session on a failed check and tells the peers; returns {@code e} to throw. */
    ProtocolAbortException abort(ProtocolAbortException e) {
        return abort.apply(e);
    }

    /** Notes a fault of an unverified opening, for the next verification to abort on. */
    void deferFault(String reason) {
        if (deferredFault == null) {
            deferredFault = reason;
        }
    }

    /** The fault noted since the last verification, if any; clears it. */
    String takeDeferredFault() {
        String f = deferredFault;
        deferredFault = null;
        return f;
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
