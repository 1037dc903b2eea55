package org.veilgrid.auction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The slow tier of {@link ProvedAuctionTest}: more and larger random books end to end with real
 * clients, proofs on (each book starts its own parties). Opt in with
 * {@code mvn -B -o -pl auction-private -am verify -Dveil.slow=true -Dtest=ProvedAuctionSlowTest
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "veil.slow", matches = "true")
class ProvedAuctionSlowTest {
    @Test
    void provedLoopbackAuctionsEqualTheReference() {
        SplittableRandom rnd = new SplittableRandom(42);
        for (int b = 0; b < 12; b++) {
            long[] prices = new long[8 + rnd.nextInt(25)];
            for (int i = 0; i < prices.length; i++) {
                prices[i] = 100 + 3L * i;
            }
            List<Order> book = Books.random(rnd, 2 + rnd.nextInt(8), 3, prices);
            PriceGrid grid = PriceGrid.of(prices);
            byte[] id = ("slow-" + b).getBytes();
            LoopbackAuction.Outcome o = LoopbackAuction.run(new String(id), grid, book, 3, 60_000, null);
            assertEquals(ReferenceAuction.clear(id, grid, book), o.result, "book " + b + ": " + book);
            o.reports.values().forEach(r -> assertTrue(r.accepted() && r.resultVerified()
                    && (r.fillProofVerified() || !o.result.traded()), r.toString()));
        }
    }
}
