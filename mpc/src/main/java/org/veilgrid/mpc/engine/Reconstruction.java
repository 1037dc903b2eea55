package org.veilgrid.mpc.engine;

import org.veilgrid.mpc.field.FieldVectors;
import org.veilgrid.mpc.field.Mersenne127;
import org.veilgrid.mpc.field.ShamirScheme;

/**
 * How this party opens sharings of one degree d (t for openings, 2t for products): from its
 * <em>reconstruction set</em>, itself and the first d other parties, with Lagrange coefficients
 * at zero computed once per session. Every party k uses the set {k, then the first d parties other
 * than k}, so a party sends its share only to the parties whose set contains it and expects one
 * from each other member of its own set: d messages in, at most n − 1 out, instead of n − 1 both
 * ways.
 *
 * <p>Coefficients that are small integers (all of them for full sets) are kept as such too, for
 * {@link FieldVectors#mulConstantAdd}'s cheaper 127×63-bit product.
 */
final class Reconstruction {

    private final int self;
    private final int[] set;
    private final long[] lambda;
    private final long[] lambdaSmall;
    /** Every coefficient is a small integer and the set is small enough for {@link FieldVectors#smallCombination}. */
    private final boolean smallSet;
    /** sendsTo[k]: this party is in party k's set (so it sends its share to k). */
    private final boolean[] sendsTo;

    Reconstruction(ShamirScheme scheme, int self, int degree) {
        int n = scheme.parties();
        this.self = self;
        this.set = setOf(self, degree, n);
        this.lambda = scheme.lagrangeAtZero(set);
        this.lambdaSmall = new long[lambda.length / 2];
        for (int i = 0; i < lambdaSmall.length; i++) {
            lambdaSmall[i] = Mersenne127.smallValue(lambda[2 * i], lambda[2 * i + 1]);
        }
        boolean small = set.length <= FieldVectors.MAX_SMALL_TERMS;
        for (long c : lambdaSmall) {
            small &= c != Long.MIN_VALUE;
        }
        this.smallSet = small;
        this.sendsTo = new boolean[n];
        for (int k = 0; k < n; k++) {
            if (k != self) {
                sendsTo[k] = contains(setOf(k, degree, n), self);
            }
        }
    }

    /** Receiver k's set for degree d among n parties: k, then the first d parties other than k. */
    static int[] setOf(int k, int degree, int n) {
        int[] set = new int[degree + 1];
        set[0] = k;
        int pos = 1;
        for (int j = 0; pos <= degree; j++) {
            if (j != k) {
                set[pos++] = j;
            }
        }
        return set;
    }

    private static boolean contains(int[] set, int x) {
        for (int v : set) {
            if (v == x) {
                return true;
            }
        }
        return false;
    }

    /** This party's set, itself first (a copy). */
    int[] set() {
        return set.clone();
    }

    /** Whether {@code party} is in this party's set. */
    boolean contains(int party) {
        return contains(set, party);
    }

    /** Whether this party is in party k's set, i.e. sends k its share. */
    boolean sendsTo(int k) {
        return sendsTo[k];
    }

    /** Queues {@code data} for every party whose set contains this party. */
    void sendTo(Round r, long[] data) {
        for (int k = 0; k < sendsTo.length; k++) {
            if (sendsTo[k]) {
                r.send(k, data);
            }
        }
    }

    /**
     * Expects {@code m} elements from every other member of this party's set; returns where each
     * member's elements start in what it sends, for {@link #interpolate}.
     */
    int[] expectFrom(Round r, int m) {
        int[] offsets = new int[set.length];
        for (int j = 1; j < set.length; j++) {
            offsets[j] = r.expect(set[j], m);
        }
        return offsets;
    }

    /** Interpolates at zero: own share times λ_0 plus each set member's received slice times λ_j. */
    long[] interpolate(long[] own, long[][] received, int[] offsets, int m) {
        long[] out = new long[2 * m];
        FieldVectors.mulConstantAdd(own, 0, lambda[0], lambda[1], lambdaSmall[0], out, m);
        for (int j = 1; j < set.length; j++) {
            FieldVectors.mulConstantAdd(received[set[j]], offsets[j], lambda[2 * j], lambda[2 * j + 1], lambdaSmall[j], out, m);
        }
        return out;
    }

    /**
     * Elements [from, from + count) of the interpolation at zero minus {@code minus} (same
     * positions), into {@code out} from element {@code outOffset}: one chunk of a degree
     * reduction's opened values less its degree-t mask, computed while the chunk is in cache.
     */
    void interpolateMinus(long[] own, long[][] received, int[] offsets, int from, int count, long[] minus,
                          long[] out, int outOffset) {
        if (smallSet) {
            long[][] srcs = new long[set.length][];
            int[] at = new int[set.length];
            srcs[0] = own;
            at[0] = from;
            for (int j = 1; j < set.length; j++) {
                srcs[j] = received[set[j]];
                at[j] = offsets[j] + from;
            }
            FieldVectors.smallCombination(srcs, at, lambdaSmall, minus, from, true, out, outOffset, count);
            return;
        }
        java.util.Arrays.fill(out, 2 * outOffset, 2 * (outOffset + count), 0);
        FieldVectors.mulConstantAdd(own, from, lambda[0], lambda[1], lambdaSmall[0], out, outOffset, count);
        for (int j = 1; j < set.length; j++) {
            FieldVectors.mulConstantAdd(received[set[j]], offsets[j] + from, lambda[2 * j], lambda[2 * j + 1], lambdaSmall[j],
                    out, outOffset, count);
        }
        for (int i = 0, q = 2 * outOffset, k = 2 * from; i < count; i++, q += 2, k += 2) {
            Mersenne127.sub(out[q], out[q + 1], minus[k], minus[k + 1], out, q);
        }
    }

    @Override
    public String toString() {
        return "Reconstruction[party " + self + ", degree " + (set.length - 1) + "]";
    }
}
