package org.veilgrid.mpc.aggregation;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

import org.veilgrid.core.errors.ProtocolAbortException;

/**
 * The server's whole part in a round, once its service listens: keep the client phase open until
 * every registered client has sent or {@code clientPhase} passes, close it, wait for the
 * committee's replies until all have answered or {@code memberPhase} passes, and unmask (here or
 * on the server's unmasking replicas). The same
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
        return run(server, clientPhase, memberPhase, Unmasking.LOCAL, progress);
    }

    /**
     * As above, the last step run by {@code unmasking} (e.g. the server's replicas,
     * {@link RemoteUnmasking}).
     *
     * @throws ProtocolAbortException also if {@code unmasking} could not run the job
     */
    public static AggregationResult run(AggregationServer server, Duration clientPhase, Duration memberPhase,
                                        Unmasking unmasking, Consumer<String> progress) throws InterruptedException {
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(unmasking, "unmasking");
        Round round = server.round();
        long end = System.nanoTime() + clientPhase.toNanos();
        // When the first message was seen (to within one poll): the round's own time is counted
        // from there, not from the server's start, which may wait long for its clients.
        long firstMessage = 0;
        while (System.nanoTime() < end && server.submissionCount() < round.clients().size()) {
            if (firstMessage == 0 && server.submissionCount() > 0) {
                firstMessage = System.nanoTime();
            }
            Thread.sleep(POLL_MS);
        }
        long closed = System.nanoTime();
        boolean none = firstMessage == 0;
        if (none) {
            firstMessage = closed;
        }
        int arrived = server.close().size();
        progress.accept("client phase closed: " + arrived + " message(s)"
                + (none ? "" : ", " + millis(firstMessage, closed) + " ms after the first"));
        end = System.nanoTime() + memberPhase.toNanos();
        while (System.nanoTime() < end && server.replyCount() < round.committee().size()) {
            Thread.sleep(POLL_MS);
        }
        long answered = System.nanoTime();
        progress.accept("committee: " + server.replyCount() + " of " + round.committee().size() + " answered in "
                + millis(closed, answered) + " ms");
        AggregationResult result = server.finish(unmasking);
        long done = System.nanoTime();
        progress.accept("unmasked in " + millis(answered, done) + " ms; the round took " + millis(firstMessage, done)
                + " ms from the first client message to the sum");
        return result;
    }

    private static long millis(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000;
    }
}
