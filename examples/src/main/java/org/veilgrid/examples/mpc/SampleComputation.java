package org.veilgrid.examples.mpc;

import java.util.Arrays;

import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.mpc.engine.MpcSession;
import org.veilgrid.mpc.engine.PrivateOutput;
import org.veilgrid.mpc.engine.Public;
import org.veilgrid.mpc.engine.Shared;
import org.veilgrid.mpc.net.PartyNetwork;

/**
 * The sample computation of {@code veil mpc demo} and {@code veil mpc party} (an example program
 * on the engine's API, not part of the {@code mpc} library): every party
 * privately supplies one quantity per price level (its demand, say), and together they learn
 * <ul>
 *   <li>{@code levelsAtLeast}: at how many levels the total reaches a public threshold
 *       (comparisons, a sum, opened to all);</li>
 *   <li>{@code maxTotal}: the largest total (a tournament of comparisons and selects, opened to
 *       all);</li>
 *   <li>{@code levelsWhere0And1Agree}: at how many levels parties 0 and 1 supplied the same
 *       quantity (equality tests);</li>
 *   <li>{@code totals}: the total at each level, opened to party 0 only.</li>
 * </ul>
 * Nothing else about any party's quantities is revealed. {@link #inClear} is the same
 * computation without MPC, the reference of the tests.
 */
public final class SampleComputation {

    /** What one party learns. {@code totals} is null except on party 0. */
    public record Result(long levelsAtLeast, long maxTotal, long levelsWhere0And1Agree, long[] totals,
                         long rounds, long bytesSent) {
    }

    private SampleComputation() {
    }

    /**
     * Starts {@code unstarted} (e.g. from {@link PartyNetwork#ofRoster}), opens a session, runs the
     * computation with this party's quantities and returns what this party learns; closes the
     * network.
     *
     * @param security the session's mode; every party of the run must give the same
     * @param started  called once the network is up and the session open (e.g. to say so)
     */
    public static Result runParty(PartyNetwork unstarted, long[] quantities, long threshold,
                                  org.veilgrid.mpc.engine.Security security, Runnable started) {
        try (PartyNetwork network = unstarted.start()) {
            MpcSession session = MpcSession.start(network, security);
            started.run();
            Result result = run(session, quantities, threshold);
            session.finish();
            return result;
        }
    }

    /**
     * Runs the computation on this party's session.
     *
     * @param myQuantities this party's quantities, one per level (|q| < 2^58 so totals of up to 9
     *                     parties compare safely)
     * @param threshold    the public threshold
     */
    public static Result run(MpcSession session, long[] myQuantities, long threshold) {
        int levels = myQuantities.length;
        for (long q : myQuantities) {
            if (Math.abs(q) >= 1L << 58) {
                throw new ParameterException("quantities must be below 2^58 in magnitude");
            }
        }
        Shared[] inputs = new Shared[session.parties()];
        for (int i = 0; i < session.parties(); i++) {
            inputs[i] = session.input(i, i == session.self() ? myQuantities : null, levels);
        }
        Shared totals = inputs[0];
        for (int i = 1; i < inputs.length; i++) {
            totals = totals.add(inputs[i]);
        }
        Public atLeast = session.open(totals.lt(threshold).not().sum());
        Public agree = session.open(inputs[0].eq(inputs[1]).sum());
        Public max = session.open(max(session, totals));
        PrivateOutput toZero = session.openTo(0, totals);
        session.run();
        long[] opened = toZero.isMine() ? toZero.toLongs() : null;
        return new Result(atLeast.toLongs()[0], max.toLongs()[0], agree.toLongs()[0], opened,
                session.rounds(), session.network().stats().bytesSent());
    }

    /** The maximum of a vector: ⌈log2 n⌉ layers of comparisons, each layer batched into one comparison. */
    public static Shared max(MpcSession session, Shared v) {
        Shared cur = v;
        while (cur.length() > 1) {
            int half = cur.length() / 2;
            Shared left = cur.slice(0, half);
            Shared right = cur.slice(half, 2 * half);
            Shared winners = left.lt(right).select(right, left);
            cur = cur.length() % 2 == 1 ? session.concat(winners, cur.slice(2 * half, cur.length())) : winners;
        }
        return cur;
    }

    /** The same outputs computed in the clear (what party 0 learns; rounds and bytes zero). */
    public static Result inClear(long[][] quantities, long threshold) {
        int levels = quantities[0].length;
        long[] totals = new long[levels];
        for (long[] q : quantities) {
            for (int l = 0; l < levels; l++) {
                totals[l] += q[l];
            }
        }
        long atLeast = Arrays.stream(totals).filter(x -> x >= threshold).count();
        long agree = 0;
        for (int l = 0; l < levels; l++) {
            if (quantities[0][l] == quantities[1][l]) {
                agree++;
            }
        }
        return new Result(atLeast, Arrays.stream(totals).max().orElseThrow(), agree, totals, 0, 0);
    }
}
