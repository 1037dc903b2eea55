package org.veilgrid.auction.proof;

/**
 * Why the compute parties rejected an institution's order. It goes to that institution only
 * (never to other institutions, never into a shared log line) and names the failed check, never
 * a value: the parties do not know the values.
 */
public record Rejection(Reason reason, String detail) {
    /** The checks, in the order the parties run them. */
    public enum Reason {
        /** No committed order arrived, or its bytes do not decode. */
        MALFORMED,
        /** The order is for another auction, institution or price grid. */
        WRONG_CONTEXT,
        /** The signature does not verify under the institution's registered key. */
        BAD_SIGNATURE,
        /** A range proof fails: a schedule is not monotone or a value or mask limb lies outside [0, 2^40]. */
        RANGE_PROOF,
        /** The shares of the input are not on one polynomial of degree t. */
        INCONSISTENT_SHARES,
        /** The shared values are not the committed ones. */
        NOT_COMMITTED_VALUES
    }

    @Override
    public String toString() {
        return reason + ": " + detail;
    }
}
