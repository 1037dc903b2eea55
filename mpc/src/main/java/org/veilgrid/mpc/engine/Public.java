package org.veilgrid.mpc.engine;

import org.veilgrid.mpc.field.FieldVectors;

/**
 * A vector every party knows: an opened value or a public constant. Reading it
 * ({@link #toLongs()}, {@link #elements()}) runs the program up to this value.
 */
public final class Public extends Node {

    Public(MpcSession session, int length) {
        super(session, length);
    }

    /** The values as signed 64-bit integers (runs the program if needed). */
    public long[] toLongs() {
        return FieldVectors.toLongs(data());
    }

    /** The values as a packed F_p vector (runs the program if needed). */
    public long[] elements() {
        return data().clone();
    }

    @Override
    public String toString() {
        return "Public[" + length + (done() ? ", opened]" : ", pending]");
    }
}
