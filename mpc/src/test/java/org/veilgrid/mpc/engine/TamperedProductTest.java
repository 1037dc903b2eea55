package org.veilgrid.mpc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.List;

import com.google.protobuf.ByteString;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.mpc.field.FieldVectors;
import org.veilgrid.mpc.wire.RoundMessage;

/**
 * A party that adds an error to its masked product shares (a well-formed message: only a value
 * changed) in a multiplication round: in MALICIOUS mode every party aborts before any output; in
 * SEMI_HONEST mode, for contrast, every honest party outputs a wrong product without noticing.
 * (One representative case; the lead's adversarial suite covers the other rounds.)
 */
class TamperedProductTest {

    private static final long[] X = {3, -5, 1L << 30, 7};
    private static final long[] Y = {11, 2, -9, 0};

    /** Every party's outcome of x·y opened, with party 0 flipping the lowest bit of its first element in the product's round. */
    private static List<LoopbackCluster.Outcome<long[]>> runTampered(int n, Security security) {
        CorruptingWire wire = new CorruptingWire();
        try (LoopbackCluster cluster = LoopbackCluster.start(n, 20_000, List.of(), (i, network) -> {
            if (i == 0) {
                network.interceptOutgoing(wire);
            }
        })) {
            return cluster.runEach(security, s -> {
                Shared x = s.input(1, s.self() == 1 ? X : null, X.length);
                Shared y = s.input(2, s.self() == 2 ? Y : null, Y.length);
                s.run();
                long productRound = s.rounds() + 1;
                if (s.self() == 0) {
                    wire.corrupt(m -> m.getRound() != productRound ? m : flipFirstBit(m));
                }
                Shared z = x.mul(y);
                s.run();
                assertEquals(productRound, s.rounds(), "the product takes exactly the tampered round");
                // Packed elements: a wrong product need not fit in a long.
                return s.open(z).elements();
            });
        }
    }

    private static RoundMessage flipFirstBit(RoundMessage m) {
        byte[] elements = m.getElements().toByteArray();
        elements[0] ^= 1;
        return m.toBuilder().setElements(ByteString.copyFrom(elements)).build();
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4})
    void aTamperedProductMakesEveryPartyAbortInMaliciousMode(int n) {
        List<LoopbackCluster.Outcome<long[]>> outcomes = runTampered(n, Security.MALICIOUS);
        for (int p = 0; p < n; p++) {
            LoopbackCluster.Outcome<long[]> o = outcomes.get(p);
            assertNull(o.value(), "party " + p + " must not output");
            assertInstanceOf(ProtocolAbortException.class, o.error(), "party " + p);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4})
    void aTamperedProductSilentlyChangesTheOutputInSemiHonestMode(int n) {
        List<LoopbackCluster.Outcome<long[]>> outcomes = runTampered(n, Security.SEMI_HONEST);
        long[] clear = new long[X.length];
        for (int i = 0; i < X.length; i++) {
            clear[i] = X[i] * Y[i];
        }
        for (int p = 1; p < n; p++) {
            long[] out = outcomes.get(p).get();
            assertFalse(Arrays.equals(FieldVectors.fromLongs(clear), out), "honest party " + p + " should have output a wrong product");
        }
    }
}
