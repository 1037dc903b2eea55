package org.veilgrid.auction;

import java.util.List;
import org.veilgrid.core.errors.ParameterException;

/**
 * One institution's demand and supply at each grid price, computed by the institution itself
 * from its limit orders: buy(k) = Σ quantities of its buy orders with limit &ge; p_k
 * (non-increasing in k), sell(k) = Σ quantities of its sell orders with limit &le; p_k
 * (non-decreasing). A buy limit below the lowest grid price, or a sell limit above the highest,
 * never trades. These two vectors are the institution's whole input to the auction.
 *
 * <p><b>Self-trade prevention.</b> An institution's own buy and sell orders never match each
 * other: at each price its schedules are netted, demand(k) = max(0, buy(k) − sell(k)) and
 * supply(k) = max(0, sell(k) − buy(k)), so it is a buyer or a seller at each price, never both.
 * Netting keeps demand non-increasing and supply non-decreasing, leaves the sign of total demand
 * minus total supply (and so the crossing) unchanged, and removes exactly the quantity the
 * institution would have traded with itself. The reference and the MPC auction clear the same
 * netted schedules, built here by the institution.
 */
public final class Schedule {
    public final String institution;
    public final long[] demand;
    public final long[] supply;

    Schedule(String institution, long[] demand, long[] supply) {
        this.institution = institution;
        this.demand = demand;
        this.supply = supply;
    }

    /** @throws ParameterException if an order belongs to another institution or a total exceeds 2^40 */
    public static Schedule of(String institution, List<Order> orders, PriceGrid grid) {
        int k = grid.size();
        long[] demand = new long[k];
        long[] supply = new long[k];
        for (Order o : orders) {
            if (!o.institution.equals(institution)) {
                throw new ParameterException("order of " + o.institution + " given as " + institution + "'s");
            }
            for (int i = 0; i < k; i++) {
                if (o.side == Side.BUY && grid.price(i) <= o.price) {
                    demand[i] += o.quantity;
                } else if (o.side == Side.SELL && grid.price(i) >= o.price) {
                    supply[i] += o.quantity;
                }
            }
        }
        for (int i = 0; i < k; i++) {
            if (demand[i] > Order.MAX_VALUE || supply[i] > Order.MAX_VALUE) {
                throw new ParameterException(institution + "'s total quantity at price " + grid.price(i) + " exceeds 2^40");
            }
            long own = Math.min(demand[i], supply[i]); // what it would buy from itself
            demand[i] -= own;
            supply[i] -= own;
        }
        return new Schedule(institution, demand, supply);
    }

    @Override
    public String toString() {
        return "Schedule(" + institution + ", " + demand.length + " prices)"; // quantities are private
    }
}
