package org.veilgrid.mpc.engine;

import java.util.Arrays;
import java.util.TreeSet;

import org.veilgrid.core.errors.ProtocolAbortException;

/**
 * Opening a shared vector to every party with a consistency check, one round
 * ({@link MpcSession#openChecked}; in malicious mode every opening).
 *
 * <p>Every party sends its share of each element to all n − 1 others (not only to the members of
 * their reconstruction sets, as {@link OpenStep} does). It interpolates f(0) from its
 * reconstruction set S = {s_0, …, s_t} and, for each party j outside S, also from
 * S' = S ∖ {s_t} ∪ {j}: S and S' share t points, so the two values agree for every j exactly when
 * all n shares lie on one polynomial of degree t. With an honest majority the n − t ≥ t + 1 honest
 * shares fix that polynomial, so a consistent opening is the value of the honest parties' sharing
 * whatever the others sent.
 *
 * <p>What a party does with an inconsistent element depends on {@link OnFault}:
 * <ul>
 *   <li>{@code REPORT} (semi-honest {@code openChecked}): the result says, per element, 1 if
 *       every check agreed, else 0 ({@link CheckedOpening}); a dealer that handed out inconsistent
 *       shares (an input client, say) is thus caught, per element;</li>
 *   <li>{@code ABORT} (malicious mode, outputs and the verification's own openings): abort. After
 *       a successful verification the honest shares are consistent, so a share off the polynomial
 *       is its sender's: when the errors identify the senders — every bad element has exactly
 *       one share whose removal leaves the others on one polynomial, which needs n ≥ t + 3 — the
 *       abort names them ({@code attribute}); otherwise it names nobody;</li>
 *   <li>{@code DEFER} (malicious mode, the masked openings of comparisons and the opened squares
 *       of random bits, before any verification): note the fault for the next
 *       {@link VerifyStep}, which aborts, and go on with the value from S. Before a
 *       verification the honest parties' own shares may be what is inconsistent (a product
 *       reconstructed differently by each), in a way that can depend on secret values; aborting
 *       here rather than at the verification would tell the adversary when it happened.</li>
 * </ul>
 */
final class CheckedOpenStep extends Step {

    /** What an inconsistent element leads to. */
    enum OnFault { REPORT, ABORT, DEFER }

    private final PartyContext party;
    private final Shared x;
    private final Public values;
    private final Public consistent;
    private final OnFault onFault;
    private int[] offsets;

    /**
     * @param consistent the per-element flags for {@code REPORT}, else null
     * @param after      nodes that must exist first (the verification before an output)
     */
    CheckedOpenStep(PartyContext party, Shared x, Public values, Public consistent, OnFault onFault, Node... after) {
        super(with(x, after));
        this.party = party;
        this.x = x;
        this.values = values;
        this.consistent = consistent;
        this.onFault = onFault;
    }

    static Node[] with(Node first, Node... more) {
        Node[] all = new Node[more.length + 1];
        all[0] = first;
        System.arraycopy(more, 0, all, 1, more.length);
        return all;
    }

    @Override
    boolean interactive() {
        return true;
    }

    @Override
    void send(Round r) {
        offsets = sendToAll(party, r, x.data, x.length);
    }

    @Override
    void receive(Round r) {
        int m = x.length;
        long[][] all = gather(party, r, x.data, offsets, m);
        boolean[] ok = new boolean[m];
        long[] f0 = open(party, all, m, ok);
        boolean allOk = allTrue(ok);
        switch (onFault) {
            case REPORT -> {
                long[] flags = new long[2 * m];
                for (int e = 0; e < m; e++) {
                    flags[2 * e] = ok[e] ? 1 : 0;
                }
                consistent.data = flags;
            }
            case ABORT -> {
                if (!allOk) {
                    throw abortAttributed(party, all, m, ok, "an opened value");
                }
            }
            case DEFER -> {
                if (!allOk) {
                    party.deferFault("the shares of a masked opening do not lie on one polynomial");
                }
            }
        }
        values.data = f0;
    }

    // ---------------------------------------------------------------- shared with other steps

    /** Sends {@code m} elements to every other party and expects as many back; returns the offsets. */
    static int[] sendToAll(PartyContext party, Round r, long[] data, int m) {
        int[] offsets = new int[party.n];
        for (int k = 0; k < party.n; k++) {
            if (k != party.self) {
                r.send(k, data);
                offsets[k] = r.expect(k, m);
            }
        }
        return offsets;
    }

    /** Every party's shares: this party's own, the others' from the round. */
    static long[][] gather(PartyContext party, Round r, long[] own, int[] offsets, int m) {
        long[][] all = new long[party.n][];
        for (int k = 0; k < party.n; k++) {
            all[k] = k == party.self ? own
                    : Arrays.copyOfRange(r.received[k], 2 * offsets[k], 2 * (offsets[k] + m));
        }
        return all;
    }

    /**
     * f(0) from this party's reconstruction set; {@code ok[e]} tells whether all n shares of
     * element e lie on one polynomial of degree t.
     */
    static long[] open(PartyContext party, long[][] all, int m, boolean[] ok) {
        int[] setT = party.degreeT.set();
        long[] f0 = reconstructFrom(party, setT, all, m);
        Arrays.fill(ok, true);
        for (int j = 0; j < party.n; j++) {
            if (party.degreeT.contains(j)) {
                continue;
            }
            int[] other = setT.clone();
            other[other.length - 1] = j;
            markDisagreements(f0, reconstructFrom(party, other, all, m), ok, m);
        }
        return f0;
    }

    static boolean allTrue(boolean[] ok) {
        for (boolean b : ok) {
            if (!b) {
                return false;
            }
        }
        return true;
    }

    /**
     * The abort for an opening whose elements marked false in {@code ok} are inconsistent: naming
     * the one party whose share is off the polynomial the others agree on, if the errors say so
     * (see the class comment), and telling the peers.
     */
    static ProtocolAbortException abortAttributed(PartyContext party, long[][] all, int m, boolean[] ok, String what) {
        TreeSet<Integer> culprits = new TreeSet<>();
        boolean identified = party.n >= party.t + 3;
        if (identified) {
            // without[j][e]: the shares of element e other than party j's lie on one polynomial.
            boolean[][] without = new boolean[party.n][];
            for (int j = 0; j < party.n; j++) {
                without[j] = consistentWithout(party, all, m, j);
            }
            for (int e = 0; e < m && identified; e++) {
                if (ok[e]) {
                    continue;
                }
                int found = -1;
                for (int j = 0; j < party.n; j++) {
                    if (without[j][e]) {
                        found = found == -1 ? j : -2;
                    }
                }
                if (found < 0) {
                    identified = false;
                } else {
                    culprits.add(found);
                }
            }
        }
        String reason = "the shares of " + what + " do not lie on one polynomial of degree " + party.t;
        ProtocolAbortException e;
        if (identified && culprits.size() == 1 && culprits.first() != party.self) {
            e = new ProtocolAbortException(party.names[culprits.first()], reason + ": this party's share is off the polynomial of the others");
        } else if (identified && !culprits.contains(party.self)) {
            StringBuilder names = new StringBuilder();
            for (int j : culprits) {
                names.append(names.length() == 0 ? "" : ", ").append('\'').append(party.names[j]).append('\'');
            }
            e = ProtocolAbortException.unattributed(reason + ": the shares of parties " + names + " are off the polynomial of the others");
        } else {
            e = ProtocolAbortException.unattributed(reason);
        }
        return party.abort(e);
    }

    /** Per element: whether the shares of every party but {@code skip} lie on one polynomial of degree t. */
    private static boolean[] consistentWithout(PartyContext party, long[][] all, int m, int skip) {
        int[] rest = new int[party.n - 1];
        for (int k = 0, pos = 0; k < party.n; k++) {
            if (k != skip) {
                rest[pos++] = k;
            }
        }
        int[] base = Arrays.copyOf(rest, party.t + 1);
        long[] f0 = reconstructFrom(party, base, all, m);
        boolean[] ok = new boolean[m];
        Arrays.fill(ok, true);
        for (int i = party.t + 1; i < rest.length; i++) {
            int[] other = base.clone();
            other[other.length - 1] = rest[i];
            markDisagreements(f0, reconstructFrom(party, other, all, m), ok, m);
        }
        return ok;
    }

    private static void markDisagreements(long[] f0, long[] g0, boolean[] ok, int m) {
        for (int e = 0; e < m; e++) {
            if (g0[2 * e] != f0[2 * e] || g0[2 * e + 1] != f0[2 * e + 1]) {
                ok[e] = false;
            }
        }
    }

    private static long[] reconstructFrom(PartyContext party, int[] set, long[][] all, int m) {
        long[][] shares = new long[set.length][];
        for (int j = 0; j < set.length; j++) {
            shares[j] = all[set[j]];
        }
        return party.scheme.reconstruct(set, shares, m);
    }
}
