package org.veilgrid.mpc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.UnaryOperator;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.mpc.wire.RoundMessage;

/**
 * A party that crashes, hangs or sends a malformed message makes every other party abort with a
 * {@link ProtocolAbortException} naming it, within the timeout, and no party outputs a value.
 */
class FaultTest {

    private static final int TIMEOUT_MS = 2_000;

    /** Runs a multiplication-heavy program where {@code faulty} misbehaves after the first round. */
    private static List<LoopbackCluster.Outcome<long[]>> runWith(LoopbackCluster cluster, int faulty,
                                                                Runnable fault) {
        return cluster.runEach(s -> {
            Shared x = s.input(0, s.self() == 0 ? new long[] {3, 4, 5} : null, 3);
            s.open(x).toLongs();
            if (s.self() == faulty) {
                fault.run();
            }
            Shared y = x.mul(x).mul(x);
            return s.open(y.lt(x.mul(100))).toLongs();
        });
    }

    /**
     * Every party but {@code skip} aborts without an output; the others name {@code culprit},
     * which itself (when it still runs) says it cannot tell: it is named, and does not see itself
     * stop.
     */
    private static void assertAllAbortNaming(List<LoopbackCluster.Outcome<long[]>> outcomes, String culprit,
                                             int skip) {
        for (int i = 0; i < outcomes.size(); i++) {
            if (i == skip) {
                continue;
            }
            LoopbackCluster.Outcome<long[]> o = outcomes.get(i);
            assertNull(o.value(), "party " + i + " produced an output");
            ProtocolAbortException e = assertInstanceOf(ProtocolAbortException.class, o.error(),
                    "party " + i + " failed with " + o.error());
            String expected = ("party-" + i).equals(culprit) ? null : culprit;
            assertEquals(expected, e.culprit().orElse(null), "party " + i + ": " + e.getMessage());
        }
    }

    @Test
    void killedPartyIsNamedByEveryOtherParty() {
        try (LoopbackCluster cluster = LoopbackCluster.start(3, TIMEOUT_MS)) {
            long start = System.nanoTime();
            List<LoopbackCluster.Outcome<long[]>> outcomes = runWith(cluster, 2, () -> cluster.network(2).close());
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertAllAbortNaming(outcomes, "party-2", 2);
            assertTrue(elapsedMs < TIMEOUT_MS + 3_000, "abort took " + elapsedMs + " ms");
        }
    }

    @Test
    void silentPartyTimesOutAndIsNamed() {
        try (LoopbackCluster cluster = LoopbackCluster.start(5, TIMEOUT_MS)) {
            long start = System.nanoTime();
            List<LoopbackCluster.Outcome<long[]>> outcomes = runWith(cluster, 3, () -> {
                try {
                    Thread.sleep(TIMEOUT_MS + 1_500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            // Party 3 itself learns of the abort from the others' notices when it wakes up; they
            // name it, which it cannot confirm.
            assertAllAbortNaming(outcomes, "party-3", -1);
            assertTrue(elapsedMs < 2 * TIMEOUT_MS + 3_000, "abort took " + elapsedMs + " ms");
        }
    }

    private static void garbled(UnaryOperator<RoundMessage> corruption) {
        CorruptingWire wire = new CorruptingWire();
        try (LoopbackCluster cluster = LoopbackCluster.start(3, TIMEOUT_MS, List.of(), (i, network) -> {
            if (i == 1) {
                network.interceptOutgoing(wire);
            }
        })) {
            List<LoopbackCluster.Outcome<long[]>> outcomes = runWith(cluster, 1, () -> wire.corrupt(corruption));
            assertAllAbortNaming(outcomes, "party-1", -1);
        }
    }

    @Test
    void elementNotBelowPIsRejected() {
        garbled(m -> {
            byte[] b = m.getElements().toByteArray();
            java.util.Arrays.fill(b, 0, 16, (byte) 0xFF);
            return m.toBuilder().setElements(ByteString.copyFrom(b)).build();
        });
    }

    @Test
    void truncatedPayloadIsRejected() {
        garbled(m -> m.toBuilder().setElements(m.getElements().substring(0, m.getElements().size() - 3)).build());
    }

    @Test
    void wrongElementCountIsRejected() {
        garbled(m -> {
            ByteString extra = m.getElements().concat(ByteString.copyFrom(new byte[16]));
            return m.toBuilder().setCount(m.getCount() + 1).setElements(extra).build();
        });
    }

    @Test
    void replayedRoundIsRejected() {
        garbled(m -> m.toBuilder().setRound(1).build());
    }

    @Test
    void impersonationIsRejected() {
        garbled(m -> m.toBuilder().setSender(0).build());
    }

    @Test
    void unknownVersionIsRejected() {
        garbled(m -> m.toBuilder().setVersion(2).build());
    }
}
