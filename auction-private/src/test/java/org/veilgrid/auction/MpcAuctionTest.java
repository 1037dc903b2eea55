package org.veilgrid.auction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.mpc.engine.LoopbackCluster;
import org.veilgrid.mpc.engine.MpcSession;
import org.veilgrid.mpc.engine.Shared;
import org.veilgrid.mpc.field.Mersenne127;

/** The MPC auction against the cleartext reference. */
class MpcAuctionTest {
    /** Party 0 feeds every institution's schedules (zero masks), so many books run through one session. */
    private static AuctionProgram.Inputs fromPartyZero(Map<String, Schedule> schedules) {
        return (MpcSession s, String inst, int k) -> {
            Schedule sc = schedules.get(inst);
            boolean mine = s.self() == 0;
            return new Shared[] {s.input(0, mine ? sc.demand : null, k), s.input(0, mine ? sc.supply : null, k),
                s.input(0, mine ? new long[2] : null, 2)};
        };
    }

    private static ClearingResult fromOutput(PriceGrid grid, AuctionProgram.PartyOutput o, List<Schedule> schedules) {
        Map<String, Fill> fills = new TreeMap<>();
        for (Schedule sc : schedules) {
            long[] m = o.maskedFills.get(sc.institution);
            fills.put(sc.institution, m == null ? new Fill(0, 0)
                    : new Fill(Mersenne127.toLong(m[0], m[1]), Mersenne127.toLong(m[2], m[3])));
        }
        return new ClearingResult(grid, o.priceIndex, o.volume, fills);
    }

    @Test
    void mpcEqualsTheReferenceOnHundredsOfRandomBooks() {
        SplittableRandom rnd = new SplittableRandom(2026);
        int books = 150;
        try (LoopbackCluster cluster = LoopbackCluster.start(3, 30_000)) {
            for (int b = 0; b < books; b++) {
                long[] prices = {10, 11, 12, 13, 15, 18, 20, 25};
                List<Order> book = Books.random(rnd, 1 + rnd.nextInt(5), 3, prices);
                PriceGrid grid = b % 3 == 0 ? PriceGrid.of(book) : PriceGrid.of(prices);
                byte[] id = ("book-" + b).getBytes();
                List<Schedule> schedules = ReferenceAuction.schedules(grid, book);
                Map<String, Schedule> byId = new TreeMap<>();
                schedules.forEach(s -> byId.put(s.institution, s));
                List<String> institutions = new ArrayList<>(byId.keySet());
                List<AuctionProgram.PartyOutput> outs = cluster.runOnSessions(
                        s -> AuctionProgram.run(s, id, grid.size(), institutions, fromPartyZero(byId)));
                ClearingResult expected = ReferenceAuction.clearSchedules(id, grid, schedules);
                for (AuctionProgram.PartyOutput o : outs) {
                    ClearingResult got = fromOutput(grid, o, schedules);
                    assertEquals(expected, got, "book " + b + ": " + book);
                    for (Map.Entry<String, Fill> f : got.fills().entrySet()) {
                        assertTrue(f.getValue().bought == 0 || f.getValue().sold == 0,
                                f.getKey() + " traded with itself in book " + b);
                    }
                }
            }
        }
    }

    @Test
    void institutionsSubmittingAsClientsGetTheReferenceResult() {
        List<Order> book = List.of(
                new Order("bank-a", Side.BUY, 102, 40), new Order("bank-a", Side.SELL, 104, 10),
                new Order("bank-b", Side.BUY, 101, 25), new Order("fund-c", Side.SELL, 99, 30),
                new Order("fund-d", Side.SELL, 101, 20), new Order("bank-e", Side.BUY, 100, 0));
        byte[] id = "demo".getBytes();
        PriceGrid grid = PriceGrid.of(book);
        LoopbackAuction.Outcome o = LoopbackAuction.run(new String(id), grid, book, 3, 30_000, null);
        assertEquals(ReferenceAuction.clear(id, grid, book), o.result);
        assertTrue(o.result.traded());
        assertTrue(o.bytes > 0 && o.rounds > 10);
    }

    @Test
    void aSingleInstitutionWorksToo() {
        List<Order> book = List.of(new Order("solo", Side.BUY, 10, 3), new Order("solo", Side.SELL, 9, 2));
        byte[] id = "solo".getBytes();
        PriceGrid grid = PriceGrid.of(book);
        assertEquals(ReferenceAuction.clear(id, grid, book), LoopbackAuction.run(new String(id), grid, book, 3, 30_000, null).result);
    }

    @Test
    void anInstitutionOnBothSidesNeverTradesWithItselfUnderMpcAsInTheReference() {
        // a buys 10 up to 12 and sells 4 from 9 (netted: buys 6); b sells 5 from 10 (see
        // ReferenceAuctionTest): 5 trade at 12, b's to a. Proved run, institutions as clients.
        List<Order> book = List.of(new Order("a", Side.BUY, 12, 10), new Order("a", Side.SELL, 9, 4),
                new Order("b", Side.SELL, 10, 5));
        byte[] id = "self-trade".getBytes();
        PriceGrid grid = PriceGrid.of(book);
        LoopbackAuction.Outcome o = LoopbackAuction.run(new String(id), grid, book, 3, 30_000, null);
        assertEquals(ReferenceAuction.clear(id, grid, book), o.result);
        assertEquals(5, o.result.volume);
        assertEquals(new Fill(5, 0), o.result.fill("a"));
        assertEquals(new Fill(0, 5), o.result.fill("b"));
    }

    @Test
    void anInstitutionListedTwiceIsRefusedByEveryProgram() {
        List<String> twice = List.of("a", "b", "a");
        PriceGrid grid = PriceGrid.of(9, 10);
        try (LoopbackCluster cluster = LoopbackCluster.start(3, 5_000)) {
            for (LoopbackCluster.Outcome<List<ParameterException>> r : cluster.runEach(s -> List.of(
                    assertThrows(ParameterException.class, () -> AuctionProgram.run(s, "x".getBytes(), grid.size(), twice)),
                    assertThrows(ParameterException.class, () -> ProvedAuctionProgram.run(s, "x".getBytes(), grid, twice,
                            Map.of(), Map.of(), null, ProvedAuctionProgram.FROM_CLIENTS)),
                    assertThrows(ParameterException.class, () -> InventoryMatching.run(s, "x".getBytes(), 1, twice,
                            InventoryMatching.FROM_CLIENTS))))) {
                for (ParameterException e : r.get()) {
                    assertTrue(e.getMessage().contains("'a' is listed twice"), e.getMessage());
                }
            }
        }
    }

    @Test
    void aPartyKilledMidAuctionAbortsEveryoneWithoutAResult() {
        List<Order> book = List.of(new Order("a", Side.BUY, 12, 10), new Order("b", Side.SELL, 9, 4));
        PriceGrid grid = PriceGrid.of(9, 10, 11, 12);
        List<Schedule> schedules = ReferenceAuction.schedules(grid, book);
        Map<String, Schedule> byId = new TreeMap<>();
        schedules.forEach(s -> byId.put(s.institution, s));
        try (LoopbackCluster cluster = LoopbackCluster.start(3, 2_000)) {
            AuctionProgram.Inputs inputs = fromPartyZero(byId);
            AuctionProgram.Inputs dying = (s, inst, k) -> {
                Shared[] in = inputs.of(s, inst, k);
                if (inst.equals("b")) {
                    // Every party gets past the input round (same program everywhere), then party 1 dies.
                    s.open(in[0]).toLongs();
                    if (s.self() == 1) {
                        cluster.network(1).close();
                    }
                }
                return in;
            };
            List<LoopbackCluster.Outcome<AuctionProgram.PartyOutput>> outcomes = cluster.runEach(
                    s -> AuctionProgram.run(s, "x".getBytes(), grid.size(), List.copyOf(byId.keySet()), dying));
            for (int i : new int[] {0, 2}) {
                assertNull(outcomes.get(i).value(), "party " + i + " produced a result");
                ProtocolAbortException e = assertInstanceOf(ProtocolAbortException.class, outcomes.get(i).error(),
                        "party " + i + ": " + outcomes.get(i).error());
                assertEquals("party-1", e.culprit().orElse(null), e.getMessage());
            }
        }
    }
}
