package org.veilgrid.examples.demo;

import java.util.Arrays;
import java.util.Map;
import org.veilgrid.mpc.aggregation.AggregationParams;
import org.veilgrid.mpc.aggregation.LoopbackRound;

/**
 * One-shot private aggregation in miniature: 12 clients each send one message over mutual TLS,
 * two never arrive, a committee of 5 (threshold 3) with one silent member helps the server
 * unmask only the sum, which is checked against the cleartext sum; the server's count of messages
 * per client is checked to be one for each sender and none for the others.
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
            r = LoopbackRound.run(params, 12, 5, 3, 2, 0.15, null, null);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("could not start the loopback server", e);
        }
        boolean sumRight = Arrays.equals(r.expected, r.result.sum) && r.result.counted.size() == r.arrived;
        // "Once" is the server's count of messages received in each client's name, not a promise.
        boolean once = r.eachSenderSentOneMessage();
        boolean ok = sumRight && once;
        String summary = "sum of " + r.result.counted.size() + " clients' vectors " + (sumRight ? "ok" : "MISMATCH")
                + (once ? ", one message from each (server's count)" : ", NOT one message from each sender");
        return new StepResult(ok, summary,
                "one-shot aggregation on loopback: " + r.arrived + " of 12 clients sent " + r.bytesPerClient
                        + " bytes; " + (5 - r.silentSeats.size()) + " of 5 committee members answered",
                Map.of("clients", 12, "arrived", r.arrived, "bytesPerClient", r.bytesPerClient, "check", ok ? "ok" : "MISMATCH",
                        "oneMessagePerClient", once));
    }
}
