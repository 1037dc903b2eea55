package org.veilgrid.examples.demo;

import java.util.Arrays;
import java.util.Map;
import org.veilgrid.mpc.aggregation.AggregationParams;
import org.veilgrid.mpc.aggregation.LoopbackRound;

/**
 * One-shot private aggregation in miniature: 12 clients each send one message over mutual TLS,
 * two never arrive, a committee of 5 (threshold 3) with one silent member helps the server
 * unmask only the sum, which is checked against the cleartext sum.
 */
public final class PrivateSumStep implements DemoStep {
    @Override
    public String name() {
        return "private sum";
    }

    @Override
    public StepResult run(DemoContext context) {
        AggregationParams params = AggregationParams.of(64, 12, 1_000_000);
        LoopbackRound.Report r;
        try {
            r = LoopbackRound.run(params, 12, 5, 3, 0.15, null, null);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("could not start the loopback server", e);
        }
        boolean ok = Arrays.equals(r.expected, r.result.sum) && r.result.counted.size() == r.arrived;
        String summary = "sum of " + r.result.counted.size() + " clients' vectors " + (ok ? "ok" : "MISMATCH")
                + ", each client spoke once";
        return new StepResult(ok, summary,
                "one-shot aggregation on loopback: " + r.arrived + " of 12 clients sent " + r.bytesPerClient
                        + " bytes once; " + (5 - r.silentSeats.size()) + " of 5 committee members answered",
                Map.of("clients", 12, "arrived", r.arrived, "bytesPerClient", r.bytesPerClient, "check", ok ? "ok" : "MISMATCH"));
    }
}
