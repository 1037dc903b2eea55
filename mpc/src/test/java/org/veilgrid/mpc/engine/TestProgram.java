package org.veilgrid.mpc.engine;

import java.util.Arrays;

/**
 * Test-only program for the engine's process and federation tests: each party inputs one
 * quantity per level; all learn at how many levels the total reaches a public threshold (a
 * comparison per level, opened to all) and party 0 alone learns the totals ({@code openTo}).
 * {@link #inClear} computes the same outputs without MPC, the reference every test checks
 * against.
 */
final class TestProgram {

    /** What one party learns. {@code totals} is null except on party 0. */
    record Result(long levelsAtLeast, long[] totals) {
        /** The result as the line {@link TestPartyMain} prints after {@code RESULT }. */
        String line() {
            return "levelsAtLeast=" + levelsAtLeast
                    + (totals == null ? "" : " totals=" + Arrays.toString(totals).replace(" ", ""));
        }
    }

    private TestProgram() {
    }

    /** Runs the program on this party's session (quantities well inside the comparison range). */
    static Result run(MpcSession session, long[] myQuantities, long threshold) {
        int levels = myQuantities.length;
        Shared totals = null;
        for (int i = 0; i < session.parties(); i++) {
            Shared input = session.input(i, i == session.self() ? myQuantities : null, levels);
            totals = totals == null ? input : totals.add(input);
        }
        Public atLeast = session.open(totals.lt(threshold).not().sum());
        PrivateOutput toZero = session.openTo(0, totals);
        session.run();
        return new Result(atLeast.toLongs()[0], toZero.isMine() ? toZero.toLongs() : null);
    }

    /** The same outputs in the clear: what party 0 learns. */
    static Result inClear(long[][] quantities, long threshold) {
        long[] totals = new long[quantities[0].length];
        for (long[] q : quantities) {
            for (int l = 0; l < totals.length; l++) {
                totals[l] += q[l];
            }
        }
        return new Result(Arrays.stream(totals).filter(t -> t >= threshold).count(), totals);
    }
}
