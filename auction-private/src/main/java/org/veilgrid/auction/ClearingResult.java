package org.veilgrid.auction;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The outcome of a double auction: the public part (clearing price and volume, or no trade) and
 * each institution's fill, which only that institution learns.
 */
public final class ClearingResult {
    /** Grid index of the clearing price, or -1 when nothing trades. */
    public final int priceIndex;
    public final long volume;
    private final PriceGrid grid;
    private final Map<String, Fill> fills;

    ClearingResult(PriceGrid grid, int priceIndex, long volume, Map<String, Fill> fills) {
        this.grid = grid;
        this.priceIndex = volume == 0 ? -1 : priceIndex;
        this.volume = volume;
        this.fills = new TreeMap<>(fills);
    }

    public boolean traded() {
        return volume > 0;
    }

    /** The clearing price, empty when nothing trades. */
    public OptionalLong price() {
        return priceIndex < 0 ? OptionalLong.empty() : OptionalLong.of(grid.price(priceIndex));
    }

    /** One institution's fill (zero if it took part but did not trade). */
    public Fill fill(String institution) {
        return fills.getOrDefault(institution, new Fill(0, 0));
    }

    public Map<String, Fill> fills() {
        return java.util.Collections.unmodifiableMap(fills);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ClearingResult)) {
            return false;
        }
        ClearingResult r = (ClearingResult) o;
        return priceIndex == r.priceIndex && volume == r.volume && Objects.equals(fills, r.fills);
    }

    @Override
    public int hashCode() {
        return Objects.hash(priceIndex, volume, fills);
    }

    @Override
    public String toString() {
        // The public part only: fills are private.
        return traded() ? "ClearingResult(price " + price().getAsLong() + ", volume " + volume + ")" : "ClearingResult(no trade)";
    }
}
