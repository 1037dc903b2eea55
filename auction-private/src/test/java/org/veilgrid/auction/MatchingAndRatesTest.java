package org.veilgrid.auction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.veilgrid.mpc.engine.LoopbackCluster;
import org.veilgrid.mpc.engine.Shared;
import org.veilgrid.mpc.field.Mersenne127;

class MatchingAndRatesTest {
    @Test
    void matchingUnderMpcEqualsTheCleartextOnRandomInterest() {
        SplittableRandom rnd = new SplittableRandom(5);
        try (LoopbackCluster cluster = LoopbackCluster.start(3, 30_000)) {
            for (int trial = 0; trial < 40; trial++) {
                int clients = 1 + rnd.nextInt(5);
                int symbols = 1 + rnd.nextInt(4);
                List<InventoryMatching.Interest> interests = new ArrayList<>();
                Map<String, InventoryMatching.Interest> by = new TreeMap<>();
                for (int c = 0; c < clients; c++) {
                    long[] buy = new long[symbols];
                    long[] sell = new long[symbols];
                    for (int s = 0; s < symbols; s++) {
                        // A client is on one side of a symbol, sometimes with nothing at all.
                        long q = rnd.nextInt(4) == 0 ? 0 : 1 + rnd.nextInt(trial % 2 == 0 ? 5 : 1000);
                        if (rnd.nextBoolean()) {
                            buy[s] = q;
                        } else {
                            sell[s] = q;
                        }
                    }
                    InventoryMatching.Interest in = new InventoryMatching.Interest("client" + c, buy, sell);
                    interests.add(in);
                    by.put(in.client, in);
                }
                byte[] id = ("match-" + trial).getBytes();
                Map<String, long[][]> expected = InventoryMatching.matchInTheClear(id, interests);
                InventoryMatching.InterestInputs fromZero = (s, c, n) -> {
                    InventoryMatching.Interest in = by.get(c);
                    boolean mine = s.self() == 0;
                    return new Shared[] {s.input(0, mine ? in.buy : null, n), s.input(0, mine ? in.sell : null, n),
                        s.input(0, mine ? new long[2 * n] : null, 2 * n)};
                };
                int symbolsFinal = symbols;
                List<Map<String, long[]>> outs = cluster.runOnSessions(
                        s -> InventoryMatching.run(s, id, symbolsFinal, List.copyOf(by.keySet()), fromZero));
                for (Map<String, long[]> out : outs) {
                    for (String c : by.keySet()) {
                        long[] opened = out.get(c);
                        long[][] got = new long[2][symbols];
                        for (int s = 0; s < symbols; s++) {
                            got[0][s] = Mersenne127.toLong(opened[2 * s], opened[2 * s + 1]);
                            got[1][s] = Mersenne127.toLong(opened[2 * (symbols + s)], opened[2 * (symbols + s) + 1]);
                        }
                        assertArrayEquals(expected.get(c)[0], got[0], "trial " + trial + " " + c + " bought");
                        assertArrayEquals(expected.get(c)[1], got[1], "trial " + trial + " " + c + " sold");
                    }
                }
            }
        }
    }

    @Test
    void aClientsBuyAndSellInterestInOneSymbolAreNettedSoItIsNeverMatchedWithItself() {
        InventoryMatching.Interest both = new InventoryMatching.Interest("desk-a", new long[] {100, 5}, new long[] {30, 5});
        assertArrayEquals(new long[] {70, 0}, both.buy);
        assertArrayEquals(new long[] {0, 0}, both.sell);
        // Alone, a client on both sides of a symbol matches nothing.
        Map<String, long[][]> alone = InventoryMatching.matchInTheClear("m".getBytes(), List.of(both));
        assertArrayEquals(new long[] {0, 0}, alone.get("desk-a")[0]);
        assertArrayEquals(new long[] {0, 0}, alone.get("desk-a")[1]);
    }

    @Test
    void clientsSubmittingTheirInterestGetTheCleartextMatches() throws Exception {
        List<InventoryMatching.Interest> interests = List.of(
                new InventoryMatching.Interest("desk-a", new long[] {100, 0}, new long[] {0, 30}),
                new InventoryMatching.Interest("desk-b", new long[] {0, 50}, new long[] {60, 0}),
                new InventoryMatching.Interest("desk-c", new long[] {70, 0}, new long[] {0, 0}));
        byte[] id = "match".getBytes();
        List<String> names = List.of("desk-a", "desk-b", "desk-c");
        Map<String, long[][]> expected = InventoryMatching.matchInTheClear(id, interests);
        try (LoopbackCluster cluster = LoopbackCluster.start(3, 30_000, names)) {
            ExecutorService pool = Executors.newFixedThreadPool(3);
            List<MatchingParticipant> parts = new ArrayList<>();
            List<Future<?>> sends = new ArrayList<>();
            for (InventoryMatching.Interest in : interests) {
                MatchingParticipant p = new MatchingParticipant(in);
                parts.add(p);
                sends.add(pool.submit(() -> p.submit(cluster.config(), cluster.clientIdentity(p.client()))));
            }
            List<Map<String, long[]>> outs = cluster.run(s -> InventoryMatching.run(s, id, 2, names, InventoryMatching.FROM_CLIENTS));
            for (Future<?> f : sends) {
                f.get();
            }
            pool.shutdownNow();
            for (MatchingParticipant p : parts) {
                long[][] mine = p.unmask(outs.get(0).get(p.client()));
                assertArrayEquals(expected.get(p.client())[0], mine[0]);
                assertArrayEquals(expected.get(p.client())[1], mine[1]);
            }
            // Symbol 0: buy 170, sell 60 -> 60 matched; symbol 1: buy 50, sell 30 -> 30.
            long bought0 = 0;
            for (long[][] v : expected.values()) {
                bought0 += v[0][0];
            }
            assertEquals(60, bought0);
        }
    }

    @Test
    void ratesComeFromPairAuctionsDirectlyInverselyAndThroughOneCurrency() {
        byte[] id = "fx".getBytes();
        // 1 AAA buys 2.5 BBB; 1 BBB buys 0.4 CCC.
        List<Order> ab = List.of(new Order("x", Side.BUY, 2_500_000, 10), new Order("y", Side.SELL, 2_500_000, 10));
        List<Order> bc = List.of(new Order("x", Side.BUY, 400_000, 5), new Order("y", Side.SELL, 400_000, 5));
        List<Order> none = List.of(new Order("x", Side.BUY, 1, 5), new Order("y", Side.SELL, 2, 5));
        ExchangeRates rates = ExchangeRates.of(List.of(
                new ExchangeRates.PairResult("AAA", "BBB", ReferenceAuction.clear(id, PriceGrid.of(ab), ab)),
                new ExchangeRates.PairResult("BBB", "CCC", ReferenceAuction.clear(id, PriceGrid.of(bc), bc)),
                new ExchangeRates.PairResult("CCC", "DDD", ReferenceAuction.clear(id, PriceGrid.of(none), none))));
        assertEquals(0, new BigDecimal("2.5").compareTo(rates.rate("AAA", "BBB").orElseThrow()));
        assertEquals(0, new BigDecimal("0.4").compareTo(rates.rate("AAA", "BBB").map(r -> BigDecimal.ONE.divide(r)).orElseThrow()));
        assertEquals(0, new BigDecimal("1.0").compareTo(rates.rate("AAA", "CCC").orElseThrow()));
        assertEquals(0, new BigDecimal("0.4").compareTo(rates.rate("BBB", "AAA").orElseThrow()));
        assertTrue(rates.rate("AAA", "DDD").isEmpty(), "the CCC/DDD auction did not trade");
        assertEquals(List.of("AAA", "BBB", "CCC"), rates.currencies());
    }
}
