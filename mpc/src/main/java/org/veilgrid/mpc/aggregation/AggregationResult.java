package org.veilgrid.mpc.aggregation;

import java.util.List;

/** The outcome of a round: the sum of the counted clients' inputs, and who was counted. */
public final class AggregationResult {
    /** &Sigma; x<sub>i</sub> over {@link #counted}, coordinate by coordinate. */
    public final long[] sum;
    public final List<String> counted;
    /** Clients that submitted but are not in the sum (their shares did not open for enough members). */
    public final List<String> excluded;
    /** The committee seats whose replies were used. */
    public final List<Integer> seatsUsed;

    AggregationResult(long[] sum, List<String> counted, List<String> excluded, List<Integer> seatsUsed) {
        this.sum = sum;
        this.counted = List.copyOf(counted);
        this.excluded = List.copyOf(excluded);
        this.seatsUsed = List.copyOf(seatsUsed);
    }

    @Override
    public String toString() {
        return "AggregationResult(" + sum.length + " values over " + counted.size() + " clients)";
    }
}
