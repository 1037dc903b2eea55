package org.veilgrid.mpc.aggregation;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

import org.veilgrid.core.errors.ProtocolAbortException;

/**
 * The server's whole part in a round, once its service listens: keep the client phase open until
 * every registered client has sent or {@code clientPhase} passes, close it, wait for the
 * committee's replies until all have answered or {@code memberPhase} passes, and unmask. The same
 * steps for the CLI, a federation and a loopback run.
 */
public final class ServerRole {
    private static final long POLL_MS = 20;

    private ServerRole() {
    }

    /**
     * Runs the phases of {@code server}'s round and returns the sum.
     *
     * @param progress told one line per phase (for a terminal; may be a no-op)
     * @throws ProtocolAbortException if fewer clients than the round's minimum were counted, or
     *         too few members answered to unmask
     */
    public static AggregationResult run(AggregationServer server, Duration clientPhase, Duration memberPhase,
                                        Consumer<String> progress) throws InterruptedException {
        Objects.requireNonNull(progress, "progress");
        Round round = server.round();
        long end = System.nanoTime() + clientPhase.toNanos();
        while (System.nanoTime() < end && server.submissionCount() < round.clients().size()) {
            Thread.sleep(POLL_MS);
        }
        int arrived = server.close().size();
        progress.accept("client phase closed: " + arrived + " message(s)");
        end = System.nanoTime() + memberPhase.toNanos();
        while (System.nanoTime() < end && server.replyCount() < round.committee().size()) {
            Thread.sleep(POLL_MS);
        }
        progress.accept("committee: " + server.replyCount() + " of " + round.committee().size() + " answered");
        return server.finish();
    }
}
