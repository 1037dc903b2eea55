package org.veilgrid.auction;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Random order books for tests, with the corner cases the issue lists mixed in. */
final class Books {
    private Books() {
    }

    static List<Order> random(SplittableRandom r, int institutions, int maxOrders, long[] prices) {
        List<Order> orders = new ArrayList<>();
        int shape = r.nextInt(6);
        for (int i = 0; i < institutions; i++) {
            String id = "inst" + i;
            int count = 1 + r.nextInt(maxOrders);
            for (int o = 0; o < count; o++) {
                Side side;
                switch (shape) {
                    case 0: side = Side.BUY; break;                    // buyers only: no trade
                    case 1: side = i % 2 == 0 ? Side.BUY : Side.SELL; break;
                    default: side = r.nextBoolean() ? Side.BUY : Side.SELL; break;
                }
                long price = prices[r.nextInt(prices.length)];
                if (shape == 2) {
                    // everything crosses: buyers at the top price, sellers at the bottom
                    price = side == Side.BUY ? prices[prices.length - 1] : prices[0];
                }
                long quantity;
                switch (r.nextInt(8)) {
                    case 0: quantity = 0; break;
                    case 1: quantity = Order.MAX_VALUE / 16; break;  // large, sums stay within 2^40
                    default: quantity = 1 + r.nextInt(shape == 3 ? 3 : 100); break; // few values: many ties
                }
                orders.add(new Order(id, side, price, quantity));
            }
        }
        return orders;
    }
}
