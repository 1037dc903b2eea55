package org.veilgrid.mpc.engine;

import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.mpc.field.FieldVectors;

/**
 * A vector opened to one party only ({@link MpcSession#openTo}): on that party it holds the
 * values, on the others nothing. Every party still reads it (or calls {@code run()}) so that the
 * rounds line up.
 */
public final class PrivateOutput extends Node {

    private final int receiver;

    PrivateOutput(MpcSession session, int length, int receiver) {
        super(session, length);
        this.receiver = receiver;
    }

    /** Which party learns the values. */
    public int receiver() {
        return receiver;
    }

    /** Whether this party is the receiver. */
    public boolean isMine() {
        return receiver == session.self();
    }

    /**
     * The values as signed 64-bit integers, on the receiver (runs the program if needed).
     *
     * @throws ParameterException on any other party
     */
    public long[] toLongs() {
        long[] d = data();
        if (!isMine()) {
            throw new ParameterException("this output is opened to party " + receiver + " only");
        }
        return FieldVectors.toLongs(d);
    }

    /** Runs the program up to this value (other parties' side of {@link #toLongs()}). */
    public void await() {
        data();
    }

    @Override
    public String toString() {
        return "PrivateOutput[" + length + " to party " + receiver + "]";
    }
}
