package org.veilgrid.auction;

/** What one institution bought and sold at the clearing price: its private view. */
public final class Fill {
    public final long bought;
    public final long sold;

    public Fill(long bought, long sold) {
        this.bought = bought;
        this.sold = sold;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fill && ((Fill) o).bought == bought && ((Fill) o).sold == sold;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(bought) * 31 + Long.hashCode(sold);
    }

    @Override
    public String toString() {
        return "Fill(bought " + bought + ", sold " + sold + ")";
    }
}
