package org.veilgrid.auction;

import java.util.Objects;
import org.veilgrid.core.errors.ParameterException;

/** One limit order of an institution. Immutable. */
public final class Order {
    /** Quantities and prices lie in [0, 2^40]: sums of 10^4 of them stay far inside the MPC comparison range. */
    public static final long MAX_VALUE = 1L << 40;

    public final String institution;
    public final Side side;
    public final long price;
    public final long quantity;

    /** @throws ParameterException if a value is out of range or the institution id is unusable */
    public Order(String institution, Side side, long price, long quantity) {
        this.institution = Institutions.requireValid(institution);
        this.side = Objects.requireNonNull(side, "side");
        if (price < 0 || price > MAX_VALUE) {
            throw new ParameterException("price " + price + " lies outside [0, 2^40]");
        }
        if (quantity < 0 || quantity > MAX_VALUE) {
            throw new ParameterException("quantity " + quantity + " lies outside [0, 2^40]");
        }
        this.price = price;
        this.quantity = quantity;
    }

    @Override
    public String toString() {
        return "Order(" + institution + " " + side + " " + quantity + " @ " + price + ")";
    }
}
