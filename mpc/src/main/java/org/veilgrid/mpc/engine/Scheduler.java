package org.veilgrid.mpc.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongFunction;

import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.mpc.net.MpcNetwork;

/**
 * Runs the recorded steps of a program in rounds, knowing nothing of what the steps compute: local
 * steps as soon as their inputs exist, and every interactive step whose inputs exist together in
 * one {@link Round}, with one message per peer. Every party records the same steps in the same
 * order, so every party batches the same steps into each round and the slices of each message
 * line up.
 *
 * <p>It also numbers the rounds (the PRSS set-up is round 1) and holds the session's failure: the
 * first {@link ProtocolAbortException} kills the session, and every later evaluation throws it
 * again.
 */
final class Scheduler {

    private final MpcNetwork network;
    private final List<Step> pending = new ArrayList<>();
    private long round;
    private ProtocolAbortException failure;

    Scheduler(MpcNetwork network) {
        this.network = Objects.requireNonNull(network, "network");
    }

    /** Records a step; it runs when its inputs exist and a value needs it. */
    void add(Step step) {
        pending.add(step);
    }

    /** Rounds run so far. */
    long rounds() {
        return round;
    }

    /**
     * Runs {@code exchange} as a round of its own, outside the batching (the PRSS key set-up),
     * under the next round number; its failure kills the session.
     */
    <T> T runAlone(LongFunction<T> exchange) {
        try {
            return exchange.apply(++round);
        } catch (ProtocolAbortException e) {
            failure = e;
            throw e;
        }
    }

    /**
     * A step found the protocol broken (not the network): kills the session and tells the peers.
     * Returns {@code e} for the caller to throw.
     */
    ProtocolAbortException abort(ProtocolAbortException e) {
        failure = e;
        network.abort(e.culprit().orElse(null), e.reason());
        return e;
    }

    /** Runs rounds until {@code target} is done (or, for null, until nothing is pending). */
    void evaluate(Node target) {
        if (failure != null) {
            throw failure;
        }
        while (target == null ? !pending.isEmpty() : !target.done()) {
            // Local steps in creation order: one pass settles every chain of local steps.
            List<Step> waiting = new ArrayList<>();
            for (Step s : pending) {
                if (!s.interactive() && s.ready()) {
                    s.send(null);
                } else {
                    waiting.add(s);
                }
            }
            pending.clear();
            pending.addAll(waiting);
            if (target == null ? pending.isEmpty() : target.done()) {
                break;
            }
            List<Step> batch = new ArrayList<>();
            waiting = new ArrayList<>();
            for (Step s : pending) {
                if (s.interactive() && s.ready()) {
                    batch.add(s);
                } else {
                    waiting.add(s);
                }
            }
            if (batch.isEmpty()) {
                if (waiting.stream().anyMatch(Step::ready)) {
                    continue;
                }
                throw new IllegalStateException("program cannot make progress: a value depends on a step that is never recorded");
            }
            pending.clear();
            pending.addAll(waiting);
            Round r = new Round(network.parties());
            for (Step s : batch) {
                s.send(r);
            }
            try {
                r.received = network.exchange(++round, r.outgoing(), r.expected);
                for (Step s : batch) {
                    s.receive(r);
                    if (s.again()) {
                        pending.add(s);
                    }
                }
            } catch (ProtocolAbortException e) {
                failure = e;
                throw e;
            }
        }
    }

    /**
     * One empty round with every peer, after which every earlier message has been acknowledged
     * (a party enters a round only once its previous sends are acknowledged). A failure here is
     * ignored: it comes after the last output.
     */
    void farewell() {
        int n = network.parties();
        int self = network.self();
        long[][] outgoing = new long[n][];
        int[] expected = new int[n];
        for (int j = 0; j < n; j++) {
            outgoing[j] = j == self ? null : new long[0];
            expected[j] = j == self ? -1 : 0;
        }
        try {
            network.exchange(++round, outgoing, expected);
        } catch (ProtocolAbortException e) {
            // Outputs are final; a peer that is already gone only loses the farewell.
        }
    }
}
