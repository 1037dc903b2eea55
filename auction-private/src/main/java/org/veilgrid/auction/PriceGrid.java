package org.veilgrid.auction;

import java.util.Arrays;
import java.util.Collection;
import java.util.TreeSet;
import org.veilgrid.core.errors.ParameterException;

/** The public prices an auction may clear at: K strictly increasing points. Immutable. */
public final class PriceGrid {
    /** The most price points an auction takes. */
    public static final int MAX_POINTS = 100_000;

    private final long[] prices;

    private PriceGrid(long[] prices) {
        this.prices = prices;
    }

    /** @throws ParameterException if the prices are empty, too many, negative or not strictly increasing */
    public static PriceGrid of(long... prices) {
        if (prices.length == 0 || prices.length > MAX_POINTS) {
            throw new ParameterException("a price grid has 1 to " + MAX_POINTS + " points, got " + prices.length);
        }
        for (int k = 0; k < prices.length; k++) {
            if (prices[k] < 0 || prices[k] > Order.MAX_VALUE) {
                throw new ParameterException("price " + prices[k] + " lies outside [0, 2^40]");
            }
            if (k > 0 && prices[k] <= prices[k - 1]) {
                throw new ParameterException("grid prices must increase strictly: " + prices[k - 1] + " then " + prices[k]);
            }
        }
        return new PriceGrid(prices.clone());
    }

    /** Every distinct limit price of the orders. */
    public static PriceGrid of(Collection<Order> orders) {
        TreeSet<Long> set = new TreeSet<>();
        for (Order o : orders) {
            set.add(o.price);
        }
        return of(set.stream().mapToLong(Long::longValue).toArray());
    }

    /** "MIN:MAX:STEP": MIN, MIN + STEP, ... up to MAX. */
    public static PriceGrid parse(String spec) {
        String[] parts = spec.split(":", -1);
        if (parts.length != 3) {
            throw new ParameterException("a price grid is MIN:MAX:STEP, got '" + spec + "'");
        }
        long min;
        long max;
        long step;
        try {
            min = Long.parseLong(parts[0].trim());
            max = Long.parseLong(parts[1].trim());
            step = Long.parseLong(parts[2].trim());
        } catch (NumberFormatException e) {
            throw new ParameterException("a price grid is MIN:MAX:STEP with integers, got '" + spec + "'");
        }
        if (step <= 0 || max < min) {
            throw new ParameterException("a price grid needs STEP > 0 and MAX >= MIN, got '" + spec + "'");
        }
        long count = (max - min) / step + 1;
        if (count > MAX_POINTS) {
            throw new ParameterException("'" + spec + "' has " + count + " points, more than " + MAX_POINTS);
        }
        long[] p = new long[(int) count];
        for (int k = 0; k < p.length; k++) {
            p[k] = min + k * step;
        }
        return of(p);
    }

    public int size() {
        return prices.length;
    }

    public long price(int k) {
        return prices[k];
    }

    public long[] prices() {
        return prices.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PriceGrid && Arrays.equals(prices, ((PriceGrid) o).prices);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(prices);
    }

    @Override
    public String toString() {
        return "PriceGrid(" + prices.length + " points, " + prices[0] + ".." + prices[prices.length - 1] + ")";
    }
}
