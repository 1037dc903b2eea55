package org.veilgrid.mpc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.ProtocolAbortException;

/**
 * Malicious mode confirms the PRSS keys right after the set-up: a dealer whose keys arrive
 * altered (here party 0, the dealer of two of the three n = 3 keys, has every key it sends
 * changed on the wire) makes every party abort when the session starts, and in semi-honest mode
 * the session starts without noticing.
 */
class PrssKeyConfirmationTest {

    private static List<LoopbackCluster.Outcome<Long>> startWithAlteredKeys(Security security) {
        CorruptingWire wire = new CorruptingWire();
        wire.corrupt(m -> {
            if (m.getRound() != 1) {
                return m;
            }
            byte[] b = m.getElements().toByteArray();
            b[0] ^= 1;
            return m.toBuilder().setElements(ByteString.copyFrom(b)).build();
        });
        try (LoopbackCluster cluster = LoopbackCluster.start(3, 20_000, List.of(), (i, network) -> {
            if (i == 0) {
                network.interceptOutgoing(wire);
            }
        })) {
            return cluster.runEach(security, MpcSession::rounds);
        }
    }

    @Test
    void alteredSetUpKeysAbortEveryPartyAtStartInMaliciousMode() {
        List<LoopbackCluster.Outcome<Long>> outcomes = startWithAlteredKeys(Security.MALICIOUS);
        for (int p = 0; p < 3; p++) {
            assertNull(outcomes.get(p).value(), "party " + p + " must not start");
            assertInstanceOf(ProtocolAbortException.class, outcomes.get(p).error(), "party " + p);
        }
    }

    @Test
    void alteredSetUpKeysGoUnnoticedInSemiHonestMode() {
        for (LoopbackCluster.Outcome<Long> o : startWithAlteredKeys(Security.SEMI_HONEST)) {
            assertEquals(1L, o.get(), "the session starts after its one set-up round");
        }
    }
}
