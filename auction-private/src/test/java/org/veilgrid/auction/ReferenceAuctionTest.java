package org.veilgrid.auction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;

class ReferenceAuctionTest {
    private static final byte[] ID = "auction-1".getBytes();

    @Test
    void aSimpleCrossing() {
        List<Order> book = List.of(
                new Order("a", Side.BUY, 12, 10), new Order("b", Side.BUY, 10, 5),
                new Order("c", Side.SELL, 9, 4), new Order("d", Side.SELL, 11, 8));
        ClearingResult r = ReferenceAuction.clear(ID, PriceGrid.of(book), book);
        // Grid 9,10,11,12: D = 15,15,10,10; S = 4,4,12,12 -> volume 4,4,10,10: max 10 at 11 (first) or 12.
        assertEquals(10, r.volume);
        assertEquals(11, r.price().getAsLong());
        assertEquals(10, r.fill("a").bought);
        assertEquals(0, r.fill("b").bought);
        assertEquals(10, r.fill("c").sold + r.fill("d").sold);
    }

    @Test
    void noCrossingMeansNoTradeAndNoPrice() {
        List<Order> book = List.of(new Order("a", Side.BUY, 5, 10), new Order("b", Side.SELL, 9, 4));
        ClearingResult r = ReferenceAuction.clear(ID, PriceGrid.of(book), book);
        assertFalse(r.traded());
        assertTrue(r.price().isEmpty());
        assertEquals(new Fill(0, 0), r.fill("a"));
    }

    @Test
    void tiesFollowTheDocumentedRule() {
        // Every price trades 6 and demand covers supply everywhere: k* is the top price.
        List<Order> book = List.of(new Order("a", Side.BUY, 20, 6), new Order("b", Side.SELL, 10, 6));
        ClearingResult r = ReferenceAuction.clear(ID, PriceGrid.of(10, 15, 20), book);
        assertEquals(6, r.volume);
        assertEquals(20, r.price().getAsLong());
        // The crossing pair trades the same volume: the lower price (k*) wins.
        book = List.of(new Order("a", Side.BUY, 15, 6), new Order("b", Side.SELL, 20, 6), new Order("c", Side.SELL, 10, 6));
        r = ReferenceAuction.clear(ID, PriceGrid.of(10, 15, 20), book);
        // D = 6,6,0; S = 6,6,12: c = 1,1,0, k* = 15 with S* = 6, D(20) = 0.
        assertEquals(15, r.price().getAsLong());
        book = List.of(new Order("a", Side.BUY, 20, 5), new Order("b", Side.SELL, 15, 5), new Order("c", Side.SELL, 10, 5),
                new Order("d", Side.BUY, 10, 5));
        r = ReferenceAuction.clear(ID, PriceGrid.of(10, 15, 20), book);
        // D = 10,5,5; S = 5,10,10: c = 1,0,0; k* = 10 (S* = 5), k*+1 = 15 (D* = 5): tie, the lower wins.
        assertEquals(10, r.price().getAsLong());
        assertEquals(5, r.volume);
    }

    @Test
    void anInstitutionsOwnBuyAndSellOrdersNeverMatchEachOther() {
        // Alone on both sides: buying 3 and selling 5 at 10 nets to selling 2, and nobody buys.
        List<Order> alone = List.of(new Order("a", Side.BUY, 10, 3), new Order("a", Side.SELL, 10, 5));
        ClearingResult r = ReferenceAuction.clear(ID, PriceGrid.of(alone), alone);
        assertFalse(r.traded());
        assertEquals(new Fill(0, 0), r.fill("a"));
        // Grid 9,10,12. a buys 10 up to 12 and sells 4 from 9: netted, it buys 6 everywhere; b
        // sells 5 from 10. D = 6,6,6, S = 0,5,5: 5 trade at 12, all of it b's to a, none a's to a.
        List<Order> book = List.of(new Order("a", Side.BUY, 12, 10), new Order("a", Side.SELL, 9, 4),
                new Order("b", Side.SELL, 10, 5));
        r = ReferenceAuction.clear(ID, PriceGrid.of(book), book);
        assertEquals(5, r.volume);
        assertEquals(12, r.price().getAsLong());
        assertEquals(new Fill(5, 0), r.fill("a"));
        assertEquals(new Fill(0, 5), r.fill("b"));
    }

    /** On random books: the volume is the maximum over the grid, fills add up and never exceed wants. */
    @Test
    void randomBooksClearAtAVolumeMaximizingPriceWithConsistentFills() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int trial = 0; trial < 500; trial++) {
            long[] prices = {1, 2, 3, 5, 8, 13, 21};
            List<Order> book = Books.random(rnd, 1 + rnd.nextInt(6), 3, prices);
            PriceGrid grid = rnd.nextBoolean() ? PriceGrid.of(book) : PriceGrid.of(prices);
            ClearingResult r = ReferenceAuction.clear(ID, grid, book);
            List<Schedule> schedules = ReferenceAuction.schedules(grid, book);
            long best = 0;
            for (int k = 0; k < grid.size(); k++) {
                long d = 0;
                long s = 0;
                for (Schedule sc : schedules) {
                    d += sc.demand[k];
                    s += sc.supply[k];
                }
                best = Math.max(best, Math.min(d, s));
            }
            assertEquals(best, r.volume, "trial " + trial);
            long bought = 0;
            long sold = 0;
            for (Schedule sc : schedules) {
                Fill f = r.fill(sc.institution);
                bought += f.bought;
                sold += f.sold;
                if (r.traded()) {
                    assertTrue(f.bought <= sc.demand[r.priceIndex] && f.sold <= sc.supply[r.priceIndex]);
                }
                assertTrue(f.bought == 0 || f.sold == 0, "an institution traded with itself, trial " + trial);
            }
            assertEquals(r.volume, bought, "buyers receive the volume, trial " + trial);
            assertEquals(r.volume, sold, "sellers deliver the volume, trial " + trial);
        }
    }

    @Test
    void anInstitutionListedTwiceIsRefused() {
        ParameterException e = assertThrows(ParameterException.class,
                () -> Institutions.priority(ID, List.of("a", "b", "a")));
        assertTrue(e.getMessage().contains("'a' is listed twice"), e.getMessage());
        assertThrows(ParameterException.class, () -> Institutions.requireDistinct(List.of("x", "x")));
        assertEquals(2, Institutions.priority(ID, List.of("a", "b")).size());
    }

    @Test
    void auctionIdsAreChecked() {
        assertEquals("run-7.b_x", AuctionIds.requireValid("run-7.b_x"));
        for (String bad : new String[] {"", ".", "..", "-x", "a/b", "a b", "x".repeat(65), "\u0007bell"}) {
            assertThrows(ParameterException.class, () -> AuctionIds.requireValid(bad), bad);
        }
        String fresh = AuctionIds.random(new java.security.SecureRandom());
        assertEquals(32, fresh.length());
        assertEquals(fresh, AuctionIds.requireValid(fresh));
    }

    @Test
    void csvErrorsNameTheLine() {
        String ok = "institution,side,price,quantity\nbank-a,buy,10,5\n\n# comment\nbank-b,sell,9,3\n";
        assertEquals(2, OrdersCsv.parse("book.csv", ok).size());
        MalformedInputException e = assertThrows(MalformedInputException.class,
                () -> OrdersCsv.parse("book.csv", "institution,side,price,quantity\nbank-a,hold,10,5\n"));
        assertTrue(e.getMessage().contains("book.csv:2") && e.getMessage().contains("side"), e.getMessage());
        e = assertThrows(MalformedInputException.class,
                () -> OrdersCsv.parse("book.csv", "institution,side,price,quantity\nbank-a,buy,10,5\nb,sell,x,1\n"));
        assertTrue(e.getMessage().contains("book.csv:3:3"), e.getMessage());
        e = assertThrows(MalformedInputException.class,
                () -> OrdersCsv.parse("book.csv", "institution,side,price,quantity\nbank-a,buy,10,2000000000000\n"));
        assertTrue(e.getMessage().contains("book.csv:2") && e.getMessage().contains("quantity"), e.getMessage());
        assertThrows(MalformedInputException.class, () -> OrdersCsv.parse("book.csv", "who,what\n"));
        assertThrows(MalformedInputException.class, () -> OrdersCsv.parse("book.csv", "institution,side,price,quantity\n"));
        assertThrows(MalformedInputException.class, () -> OrdersCsv.parse("book.csv", "institution,side,price,quantity\na,buy,1\n"));
        assertThrows(MalformedInputException.class, () -> OrdersCsv.parse("book.csv", "institution,side,price,quantity\na b,buy,1,1\n"));
        assertThrows(ParameterException.class, () -> PriceGrid.parse("10:5:1"));
        assertEquals(11, PriceGrid.parse("0:100:10").size());
    }
}
