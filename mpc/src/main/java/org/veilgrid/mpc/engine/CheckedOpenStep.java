package org.veilgrid.mpc.engine;

import java.util.Arrays;

import org.veilgrid.mpc.field.ShamirScheme;

/**
 * Opening a shared vector to every party with a consistency check ({@link MpcSession#openChecked}),
 * one round.
 *
 * <p>Every party sends its share of each element to all n − 1 others (not only to the members of
 * their reconstruction sets, as {@link OpenStep} does). It interpolates f(0) from its
 * reconstruction set S = {s_0, …, s_t} and, for each party j outside S, also from
 * S' = S ∖ {s_t} ∪ {j}: S and S' share t points, so the two values agree for every j exactly when
 * all n shares lie on one polynomial of degree t. The result is the value from S and, per element,
 * 1 if every check agreed, else 0 ({@link CheckedOpening}). A dealer that handed out inconsistent
 * shares (an input client, say) is thus caught, per element, whatever subset a party would have
 * used.
 */
final class CheckedOpenStep extends Step {

    private final int self;
    private final int n;
    private final ShamirScheme scheme;
    private final Reconstruction degreeT;
    private final int[] setT;
    private final Shared x;
    private final Public values;
    private final Public consistent;
    private final int[] offsets;

    CheckedOpenStep(PartyContext party, Shared x, Public values, Public consistent) {
        super(x);
        this.self = party.self;
        this.n = party.n;
        this.scheme = party.scheme;
        this.degreeT = party.degreeT;
        this.setT = degreeT.set();
        this.x = x;
        this.values = values;
        this.consistent = consistent;
        this.offsets = new int[n];
    }

    @Override
    boolean interactive() {
        return true;
    }

    @Override
    void send(Round r) {
        for (int k = 0; k < n; k++) {
            if (k != self) {
                r.send(k, x.data);
                offsets[k] = r.expect(k, x.length);
            }
        }
    }

    @Override
    void receive(Round r) {
        long[][] all = new long[n][];
        for (int k = 0; k < n; k++) {
            all[k] = k == self ? x.data
                    : Arrays.copyOfRange(r.received[k], 2 * offsets[k], 2 * (offsets[k] + x.length));
        }
        long[] f0 = reconstructFrom(setT, all, x.length);
        long[] ok = new long[2 * x.length];
        for (int e = 0; e < x.length; e++) {
            ok[2 * e] = 1;
        }
        for (int j = 0; j < n; j++) {
            if (degreeT.contains(j)) {
                continue;
            }
            int[] other = setT.clone();
            other[other.length - 1] = j;
            long[] g0 = reconstructFrom(other, all, x.length);
            for (int e = 0; e < x.length; e++) {
                if (g0[2 * e] != f0[2 * e] || g0[2 * e + 1] != f0[2 * e + 1]) {
                    ok[2 * e] = 0;
                }
            }
        }
        values.data = f0;
        consistent.data = ok;
    }

    private long[] reconstructFrom(int[] set, long[][] all, int m) {
        long[][] shares = new long[set.length][];
        for (int j = 0; j < set.length; j++) {
            shares[j] = all[set[j]];
        }
        return scheme.reconstruct(set, shares, m);
    }
}
