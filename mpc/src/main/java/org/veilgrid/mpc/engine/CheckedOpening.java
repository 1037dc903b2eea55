package org.veilgrid.mpc.engine;

/**
 * The result of {@link MpcSession#openChecked}: the opened values and, per element, whether all
 * n shares lay on one polynomial of degree t ({@code 1}) or not ({@code 0}). Reading either runs
 * the program up to the opening.
 */
public final class CheckedOpening {
    private final Public values;
    private final Public consistent;

    CheckedOpening(Public values, Public consistent) {
        this.values = values;
        this.consistent = consistent;
    }

    /** The values, interpolated from the reconstruction set of this party (as {@link MpcSession#open}). */
    public Public values() {
        return values;
    }

    /** 1 where every party's share lies on the polynomial through the others', else 0. */
    public Public consistent() {
        return consistent;
    }

    /** True if every element opened consistently. */
    public boolean allConsistent() {
        for (long c : consistent.toLongs()) {
            if (c != 1) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "CheckedOpening[" + values.length + "]";
    }
}
