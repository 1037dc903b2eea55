package org.veilgrid.mpc.aggregation;

import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A client's whole part in a round, once it holds the round the server runs (from
 * {@link AggregationPeer#round()}, checked against the roster when the peer has one): send its
 * one message, then serve each committee seat it holds, once. The same steps for the CLI and a
 * federation.
 */
public final class ClientRole {
    private ClientRole() {
    }

    /** What the client did: whether it sent a message, and the seats it answered. */
    public record Outcome(boolean sent, List<Integer> seatsServed) {
    }

    /**
     * Takes part in the server's round.
     *
     * @param input     the client's vector, or null for a member with no input of its own; it is
     *                  zeroed once sent
     * @param memberKey the client's X25519 key, used if the round seats it on the committee (may
     *                  be null if it holds no seat)
     * @param progress  told one line per step
     */
    public static Outcome run(AggregationPeer peer, Round round, String id, long[] input, PrivateKey memberKey,
                              Duration memberWait, Consumer<String> progress) {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(round, "round");
        Objects.requireNonNull(progress, "progress");
        boolean sent = false;
        if (input != null) {
            // A registered client is the server's to check: it refuses anyone else.
            long start = System.nanoTime();
            ClientSubmission message = new AggregationClient().submit(round, id, input);
            Arrays.fill(input, 0);
            long made = System.nanoTime();
            peer.submit(message);
            sent = true;
            progress.accept(id + " sent its message (masked and shared in " + (made - start) / 1_000_000
                    + " ms, delivered in " + (System.nanoTime() - made) / 1_000_000 + " ms)");
        }
        List<Integer> served = new ArrayList<>();
        for (Round.Seat seat : round.committee()) {
            if (seat.memberId.equals(id)) {
                if (memberKey == null) {
                    throw new org.veilgrid.core.errors.ParameterException(id + " holds committee seat " + seat.index
                            + " but has no member key");
                }
                progress.accept(id + " holds committee seat " + seat.index + "; waiting for the server's task");
                int covered = peer.serveSeat(round, new CommitteeMember(id, memberKey), seat.index, memberWait);
                served.add(seat.index);
                progress.accept(id + " answered seat " + seat.index + " for " + covered + " client(s)");
            }
        }
        return new Outcome(sent, List.copyOf(served));
    }
}
