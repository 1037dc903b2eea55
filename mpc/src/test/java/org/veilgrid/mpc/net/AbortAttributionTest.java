package org.veilgrid.mpc.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.mpc.engine.LoopbackCluster;
import org.veilgrid.mpc.engine.Shared;

/**
 * Who an abort names when it travels between parties: a relayed report keeps its culprit, a
 * party that aborts tells its peers before it goes away, a party named by another says it cannot
 * tell (it did not stop), and a bystander that hears two contradicting reports says it cannot
 * tell rather than pick one. The timeout is long, so every bound here comes from the reports
 * themselves, not from waiting it out.
 */
class AbortAttributionTest {

    private static final int TIMEOUT_MS = 30_000;
    /** Well under the timeout: reports travel in milliseconds. */
    private static final long BOUND_MS = 8_000;

    private static ProtocolAbortException abortOf(LoopbackCluster.Outcome<long[]> o, int party) {
        assertNull(o.value(), "party " + party + " produced an output");
        return assertInstanceOf(ProtocolAbortException.class, o.error(), "party " + party + ": " + o.error());
    }

    @Test
    void aPartyThatAbortsAndLeavesAtOnceStillTellsEveryPeerTheCulpritItNamed() {
        try (LoopbackCluster cluster = LoopbackCluster.start(3, TIMEOUT_MS)) {
            long start = System.nanoTime();
            List<LoopbackCluster.Outcome<long[]>> outcomes = cluster.runEach(s -> {
                Shared x = s.input(0, s.self() == 0 ? new long[] {1, 2, 3} : null, 3);
                s.open(x).toLongs();
                if (s.self() == 1) {
                    cluster.network(1).close(); // party 1 dies
                    throw new IllegalStateException("party 1 died");
                }
                if (s.self() == 0) {
                    // Party 0 has found party 1 gone and leaves straight away, as a process that
                    // prints its abort and exits does. Party 2 must not take that for a fault of
                    // party 0's.
                    cluster.network(0).abort("party-1", "test: lost the connection to party 1");
                    cluster.network(0).close();
                    throw cluster.network(0).aborted();
                }
                return s.open(x.mul(x)).toLongs();
            });
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms < BOUND_MS, "party 2 took " + ms + " ms to stop");
            ProtocolAbortException bystander = abortOf(outcomes.get(2), 2);
            assertEquals("party-1", bystander.culprit().orElse(null),
                    "the culprit, not the party that relayed it: " + bystander.getMessage());
        }
    }

    @Test
    void aPartyNamedByAnotherSaysItCannotTell() {
        try (LoopbackCluster cluster = LoopbackCluster.start(3, TIMEOUT_MS)) {
            List<LoopbackCluster.Outcome<long[]>> outcomes = cluster.runEach(s -> {
                Shared x = s.input(0, s.self() == 0 ? new long[] {1, 2, 3} : null, 3);
                s.open(x).toLongs();
                if (s.self() == 0) {
                    throw cluster.network(0).abort("party-1", "test: party 1 failed a check at party 0");
                }
                return s.open(x.mul(x)).toLongs();
            });
            ProtocolAbortException named = abortOf(outcomes.get(1), 1);
            assertNull(named.culprit().orElse(null), named.getMessage());
            assertTrue(named.reason().contains("named by party 'party-0'"), named.reason());
            assertEquals("party-1", abortOf(outcomes.get(2), 2).culprit().orElse(null), "party 0's report stands");
        }
    }

    @Test
    void aBystanderHearingTwoContradictingReportsSaysItCannotTell() {
        CyclicBarrier both = new CyclicBarrier(2);
        try (LoopbackCluster cluster = LoopbackCluster.start(3, TIMEOUT_MS)) {
            long start = System.nanoTime();
            List<LoopbackCluster.Outcome<long[]>> outcomes = cluster.runEach(s -> {
                Shared x = s.input(0, s.self() == 0 ? new long[] {1, 2, 3} : null, 3);
                s.open(x).toLongs();
                if (s.self() < 2) {
                    // Parties 0 and 1 blame each other at the same moment, outside any round (as
                    // two parties that lost the link between them would); party 2 cannot know
                    // which one is right.
                    try {
                        both.await(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    throw cluster.network(s.self()).abort("party-" + (1 - s.self()), "test: lost party "
                            + (1 - s.self()));
                }
                return s.open(x.mul(x)).toLongs();
            });
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms < BOUND_MS, "took " + ms + " ms");
            ProtocolAbortException bystander = abortOf(outcomes.get(2), 2);
            assertNull(bystander.culprit().orElse(null), bystander.getMessage());
            assertTrue(bystander.reason().contains("disagree"), bystander.reason());
        }
    }
}
