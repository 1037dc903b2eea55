package org.veilgrid.mpc.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The wires recorded for verification since the last one (malicious mode): every sharing whose
 * MAC came out of a multiplication — products (z, R·z), inputs and random values (x, R·x), opened
 * squares of random bits — as references to the two share vectors, which are never modified
 * after they are made. {@link VerifyStep} takes them all ({@link #take}) and checks them with one
 * random linear combination. Beside them, the products computed without MACs ({@link Triple}),
 * which the verifications before outputs take ({@link #takeTriples}) for the {@link ProductCheck}.
 */
final class Wires {

    /**
     * Recorded elements (wires, or products without MACs) above which a verification is
     * scheduled even if no output asks for one, so that the storage stays bounded (2^20
     * elements: 32 MiB of shares per kind; 48 MiB for products).
     */
    static final long BOUND = 1L << 20;

    /** One recorded vector: shares of m values and of their MACs. */
    record Wire(long[] data, long[] mac, int m) {
    }

    /**
     * One recorded vector of products without MACs: shares of x, y and z = x·y element-wise,
     * checked by {@link ProductCheck} instead of the MAC combination.
     */
    record Triple(long[] x, long[] y, long[] z, int m, long[] y2, long[] z2) {
    }

    private List<Wire> wires = new ArrayList<>();
    private List<Triple> triples = new ArrayList<>();
    private long elements;
    private long tripleElements;
    private Runnable onFull = () -> { };

    /** What to do when more than {@link #BOUND} elements wait (schedule a verification). */
    void onFull(Runnable action) {
        this.onFull = action;
    }

    void record(long[] data, long[] mac, int m) {
        if (m == 0) {
            return;
        }
        wires.add(new Wire(data, mac, m));
        elements += m;
        if (elements >= BOUND) {
            onFull.run();
        }
    }

    void recordProduct(long[] x, long[] y, long[] z, int m) {
        if (m == 0) {
            return;
        }
        triples.add(new Triple(x, y, z, m, null, null));
        tripleElements += m;
        if (tripleElements >= BOUND) {
            onFull.run();
        }
    }

    /**
     * Products z_e = x_e·y_e and, over the same x, three inner products
     * z2_o = Σ_{e ≡ o mod 3} x_e·y2_e (the n = 3 random bits' products and bit check, see
     * {@link RandomBits}): checked as one vector, since they share x.
     */
    void recordProductsAndInnerProducts(long[] x, long[] y, long[] z, long[] y2, long[] z2, int m) {
        triples.add(new Triple(x, y, z, m, y2, z2));
        tripleElements += m;
        if (tripleElements >= BOUND) {
            onFull.run();
        }
    }

    /** Every product recorded without a MAC so far, in order; that store starts empty again. */
    List<Triple> takeTriples() {
        List<Triple> out = triples;
        triples = new ArrayList<>();
        tripleElements = 0;
        return out;
    }

    /** Elements recorded and not yet taken. */
    long elements() {
        return elements;
    }

    /** Every wire recorded so far, in order; the store starts empty again. */
    List<Wire> take() {
        List<Wire> out = wires;
        wires = new ArrayList<>();
        elements = 0;
        return out;
    }
}
