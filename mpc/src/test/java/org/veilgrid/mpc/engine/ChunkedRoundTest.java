package org.veilgrid.mpc.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.mpc.net.PartyNetwork;
import org.veilgrid.mpc.net.RoundMessages;
import org.veilgrid.mpc.wire.RoundMessage;

/**
 * A round payload larger than one message ({@link RoundMessages#MAX_ELEMENTS} elements) travels
 * as several messages of the same round and arrives whole; parts out of order or beyond the
 * limits are refused, naming the sender.
 */
class ChunkedRoundTest {

    private static long[][] exchangeOnAll(LoopbackCluster cluster, long round, long[][][] outgoing, int[][] expected)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(outgoing.length);
        try {
            List<Future<long[][]>> futures = new ArrayList<>();
            for (int i = 0; i < outgoing.length; i++) {
                PartyNetwork net = cluster.network(i);
                int me = i;
                futures.add(pool.submit(() -> net.exchange(round, outgoing[me], expected[me])));
            }
            long[][] atPartyOne = null;
            for (int i = 0; i < futures.size(); i++) {
                long[][] got = futures.get(i).get();
                if (i == 1) {
                    atPartyOne = got;
                }
            }
            return atPartyOne;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRoundLargerThanOneMessageTravelsInPartsAndArrivesWhole() throws Exception {
        int count = RoundMessages.MAX_ELEMENTS + 3;
        long[] big = new long[2 * count];
        for (int e = 0; e < count; e++) {
            big[2 * e] = e * 0x9E3779B97F4A7C15L;
            big[2 * e + 1] = e & 0x3FFFFFFFFFFFFFFFL;
        }
        try (LoopbackCluster cluster = LoopbackCluster.start(3, 60_000)) {
            long sentBefore = cluster.network(0).stats().messagesSent();
            long[][] atOne = exchangeOnAll(cluster, 1,
                    new long[][][] {{null, big, null}, {null, null, null}, {null, null, null}},
                    new int[][] {{-1, -1, -1}, {count, -1, -1}, {-1, -1, -1}});
            assertArrayEquals(big, atOne[0]);
            assertEquals(2, cluster.network(0).stats().messagesSent() - sentBefore, "two parts, one message each");
            // The next round runs as usual.
            long[] one = {7, 0};
            long[][] next = exchangeOnAll(cluster, 2,
                    new long[][][] {{null, one, one}, {one, null, one}, {one, one, null}},
                    new int[][] {{-1, 1, 1}, {1, -1, 1}, {1, 1, -1}});
            assertArrayEquals(one, next[0]);
        }
    }

    @Test
    void aPartOutOfOrderAbortsNamingItsSender() throws Exception {
        CorruptingWire wire = new CorruptingWire();
        wire.corrupt(m -> m.getRound() == 1 ? m.toBuilder().setPart(1).setParts(2).build() : m);
        try (LoopbackCluster cluster = LoopbackCluster.start(3, 20_000, List.of(), (i, network) -> {
            if (i == 0) {
                network.interceptOutgoing(wire);
            }
        })) {
            long[] one = {5, 0};
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<Future<long[][]>> futures = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    PartyNetwork net = cluster.network(i);
                    long[][] out = new long[3][];
                    int[] expected = {1, 1, 1};
                    for (int j = 0; j < 3; j++) {
                        out[j] = j == i ? null : one;
                    }
                    expected[i] = -1;
                    futures.add(pool.submit(() -> net.exchange(1, out, expected)));
                }
                for (int i = 1; i < 3; i++) {
                    int party = i;
                    ExecutionException e = assertThrows(ExecutionException.class, () -> futures.get(party).get());
                    assertTrue(e.getCause() instanceof ProtocolAbortException, String.valueOf(e.getCause()));
                    ProtocolAbortException abort = (ProtocolAbortException) e.getCause();
                    assertEquals("party-0", abort.culprit().orElse(null), abort.getMessage());
                    if (party == 1) {
                        assertTrue(abort.getMessage().contains("sent part 1 of 2 of round 1 where part 0 was due"),
                                abort.getMessage());
                    }
                }
                assertThrows(ExecutionException.class, () -> futures.get(0).get());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void partCountsBeyondTheLimitsAreRefusedByTheDecoder() {
        RoundMessage good = RoundMessages.encode(9, 1, 0, new long[] {1, 0}, 1);
        RoundMessage tooMany = good.toBuilder().setPart(0).setParts(RoundMessages.MAX_PARTS + 1).build();
        MalformedInputException many = assertThrows(MalformedInputException.class,
                () -> RoundMessages.decode(tooMany, 9, 3, 0));
        assertTrue(many.getMessage().contains("parts exceed the limit " + RoundMessages.MAX_PARTS), many.getMessage());
        RoundMessage beyond = good.toBuilder().setPart(2).setParts(2).build();
        MalformedInputException part = assertThrows(MalformedInputException.class,
                () -> RoundMessages.decode(beyond, 9, 3, 0));
        assertTrue(part.getMessage().contains("part 2 is not below the 2 parts"), part.getMessage());
        RoundMessage whole = good.toBuilder().setPart(1).build();
        assertThrows(MalformedInputException.class, () -> RoundMessages.decode(whole, 9, 3, 0));
        // A payload beyond MAX_PARTS messages is refused before anything is sent.
        int tooLarge = RoundMessages.MAX_PARTS * RoundMessages.MAX_ELEMENTS + 1;
        ParameterException large = assertThrows(ParameterException.class,
                () -> RoundMessages.encodeParts(9, 1, 0, new long[0], tooLarge));
        assertTrue(large.getMessage().contains("split the batch"), large.getMessage());
    }
}
