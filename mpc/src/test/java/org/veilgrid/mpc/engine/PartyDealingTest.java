package org.veilgrid.mpc.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.google.protobuf.ByteString;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.mpc.wire.RoundMessage;

/**
 * A compute party's own input in malicious mode is a verifiable dealing ({@link InputStep}): a
 * dealer whose shares are not the ones it committed to and signed, or whose signature does not
 * verify, is named by every honest party, and nothing is opened.
 */
class PartyDealingTest {

    private static final int M = 40;

    /** Party 0 rewrites byte {@code at} of every message of its dealing round. */
    private static List<LoopbackCluster.Outcome<long[]>> runWithDealerFlipping(int n, int at) {
        CorruptingWire wire = new CorruptingWire();
        long[] dealingRound = {-1};
        wire.corrupt(m -> {
            // The dealing is the first message of more than M + 1 elements (shares, mask, trailer).
            synchronized (dealingRound) {
                if (dealingRound[0] < 0 && m.getCount() > M + 1) {
                    dealingRound[0] = m.getRound();
                }
                if (m.getRound() != dealingRound[0]) {
                    return m;
                }
            }
            return flip(m, at);
        });
        long[] values = new long[M];
        for (int i = 0; i < M; i++) {
            values[i] = 3L * i - 7;
        }
        try (LoopbackCluster cluster = LoopbackCluster.start(n, 20_000, List.of(), (i, network) -> {
            if (i == 0) {
                network.interceptOutgoing(wire);
            }
        })) {
            return cluster.runEach(Security.MALICIOUS, s -> s.open(s.input(0, s.self() == 0 ? values : null, M)).toLongs());
        }
    }

    private static RoundMessage flip(RoundMessage m, int at) {
        byte[] e = m.getElements().toByteArray();
        e[at] ^= 1;
        return m.toBuilder().setElements(ByteString.copyFrom(e)).build();
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 5})
    void aDealerWhoseSharesAreNotTheCommittedOnesIsNamedByEveryHonestParty(int n) {
        List<LoopbackCluster.Outcome<long[]>> outs = runWithDealerFlipping(n, 0); // a share of the first value
        for (int p = 1; p < n; p++) {
            LoopbackCluster.Outcome<long[]> o = outs.get(p);
            assertNull(o.value(), "party " + p + " opened an inconsistently dealt input");
            ProtocolAbortException e = assertInstanceOf(ProtocolAbortException.class, o.error(), String.valueOf(o.error()));
            assertEquals("party-0", e.culprit().orElse(null), e.getMessage());
        }
        String reason = ((ProtocolAbortException) outs.get(1).error()).getMessage();
        assertTrue(reason.contains("dealt its input inconsistently"), reason);
    }

    @ParameterizedTest
    @ValueSource(ints = {3})
    void aDealerWhoseSignatureDoesNotVerifyIsNamed(int n) {
        // Past the shares (M + 1 elements of 16 bytes) into the trailer, packed 15 bytes to an
        // element: trailer byte 107 = header byte 75, inside h_0, the dealer's commitment to its
        // own shares — covered by the signature, checked by nobody else.
        int at = (M + 1) * 16 + 7 * 16 + 2;
        List<LoopbackCluster.Outcome<long[]>> outs = runWithDealerFlipping(n, at);
        for (int p = 1; p < n; p++) {
            LoopbackCluster.Outcome<long[]> o = outs.get(p);
            assertNull(o.value());
            ProtocolAbortException e = assertInstanceOf(ProtocolAbortException.class, o.error(), String.valueOf(o.error()));
            assertEquals("party-0", e.culprit().orElse(null), e.getMessage());
            assertTrue(e.getMessage().contains("does not verify under the dealer's certificate"), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4})
    void anHonestDealingOpensToItsValues(int n) {
        long[] values = {5, -9, 1L << 60};
        try (LoopbackCluster cluster = LoopbackCluster.start(n, 20_000)) {
            for (long[] got : cluster.run(Security.MALICIOUS, s -> s.open(s.input(n - 1, s.self() == n - 1 ? values : null,
                    values.length)).toLongs())) {
                assertArrayEquals(values, got);
            }
        }
    }
}
