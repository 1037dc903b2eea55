package org.veilgrid.mpc.engine;

/**
 * A value of a program: a vector of {@link #length} elements that becomes available
 * ({@link #done}) when the step producing it has run. Nodes are created in program order; ids
 * are the same on every party, which is what keys PRSS streams and orders batched rounds.
 */
abstract class Node {

    final MpcSession session;
    final long id;
    final int length;
    /** Packed field elements: this party's shares ({@link Shared}) or public values ({@link Public}). */
    long[] data;

    Node(MpcSession session, int length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        this.session = session;
        this.id = session.nextId();
        this.length = length;
    }

    boolean done() {
        return data != null;
    }

    long[] data() {
        if (data == null) {
            session.evaluate(this);
        }
        return data;
    }

    /** Number of elements. */
    public int length() {
        return length;
    }
}
