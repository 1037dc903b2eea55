package org.veilgrid.mpc.aggregation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.ProtocolAbortException;

/**
 * The server's side of a round, as a state machine: {@code OPEN} (clients submit), {@link #close}
 * (the arrived set is fixed), tasks go to the committee and replies come back, {@link #finish}
 * reconstructs the sum of the keys from any threshold of consistent replies and unmasks only the
 * sum — here, or on the server's stateless unmasking replicas ({@link Unmasking}). Thread-safe.
 *
 * <p>The server never outputs a sum that includes a client it cannot unmask: replies are grouped
 * by the set of clients they leave out, and only a group of at least threshold members is used,
 * over exactly the clients all of them included. The unmasked residue must also sit within the
 * rounding error of a multiple of &Delta; in every coordinate, and the check coordinates (input 0
 * from every client) must come out as exactly 0; otherwise the round aborts: an inconsistent share
 * leaves a uniform residue, which passes with probability about 2<sup>-100</sup>.
 *
 * <p>Only the round's registered clients may submit, each once, and no sum is output over fewer
 * than {@link Round#minCounted()} clients: {@link #close} and {@link #finish} abort instead.
 */
public final class AggregationServer {
    private enum State { OPEN, CLOSED, UNMASKING, DONE }

    private final Round round;
    private State state = State.OPEN;
    private final Map<String, ClientSubmission> submissions = new TreeMap<>();
    /** &Sigma; y over every accepted client, modulo 2^64 (a multiple of p): finish() is O(L). */
    private final long[] runningSum;
    private List<String> arrived;
    private final Map<Integer, MemberReply> replies = new TreeMap<>();
    /** Messages received in each registered client's name, accepted or not (the demo checks one each). */
    private final Map<String, Integer> messages = new HashMap<>();
    /** Set when close() aborted the round; close() then keeps failing the same way. */
    private String closeAbort;

    public AggregationServer(Round round) {
        this.round = round;
        this.runningSum = new long[round.params().maskedLength()];
    }

    public Round round() {
        return round;
    }

    /**
     * Takes a client's message.
     *
     * @throws MalformedInputException if it does not fit the round (lengths, values, seats)
     * @throws ParameterException if the client is not registered for the round or already
     *     submitted, or the round is closed
     */
    public synchronized void accept(ClientSubmission s) {
        if (!Round.isValidId(s.clientId)) {
            throw new MalformedInputException("client.client_id", "must have 1 to " + Round.MAX_ID_CHARS
                    + " characters and no control characters");
        }
        round.requireRegistered(s.clientId);
        messages.merge(s.clientId, 1, Integer::sum);
        if (state != State.OPEN) {
            throw new ParameterException("the round no longer takes client messages");
        }
        if (!round.sameId(s.roundId)) {
            throw new MalformedInputException("client.round_id", "is not this round's");
        }
        if (submissions.containsKey(s.clientId)) {
            throw new ParameterException("client " + s.clientId + " already submitted in this round");
        }
        // No capacity check: a round registers at most maxClients clients, each counted once.
        int length = round.params().maskedLength();
        if (s.masked.length != length) {
            throw MalformedInputException.wrongLength("client.masked", length, s.masked.length);
        }
        long p = AggregationParams.plainModulus().value();
        for (int i = 0; i < length; i++) {
            if (s.masked[i] < 0 || s.masked[i] >= p) {
                throw new MalformedInputException("client.masked[" + i + "]", "is not below p = 2^" + AggregationParams.PLAIN_BITS);
            }
        }
        int seats = round.committee().size();
        if (s.shares.size() != seats) {
            throw new MalformedInputException("client.shares", "expected one share per seat (" + seats + "), got " + s.shares.size());
        }
        int shareBytes = AggregationParams.RING_DEGREE * 8 + ShareCipher.TAG_BYTES;
        for (int j = 0; j < seats; j++) {
            ShareCipher.Sealed sealed = s.shares.get(j);
            if (sealed.ephemeralKey.length != ShareCipher.PUBLIC_KEY_BYTES || sealed.ciphertext.length != shareBytes) {
                throw new MalformedInputException("client.shares[" + j + "]", "has the wrong size");
            }
        }
        submissions.put(s.clientId, s);
        for (int i = 0; i < length; i++) {
            runningSum[i] += s.masked[i];
        }
    }

    /**
     * Ends the client phase; the arrived clients are fixed from now on. Idempotent.
     *
     * @throws ProtocolAbortException if fewer than {@link Round#minCounted()} clients arrived: the
     *     round ends there and hands out no committee task (a sum over so few could reveal an input)
     */
    public synchronized List<String> close() {
        if (state == State.OPEN) {
            arrived = List.copyOf(submissions.keySet());
            if (arrived.size() < round.minCounted()) {
                state = State.DONE;
                closeAbort = "only " + arrived.size() + " of " + round.clients().size()
                        + " registered clients sent a message; this round sums over at least " + round.minCounted()
                        + " clients, so no sum is output";
            } else {
                state = State.CLOSED;
            }
        }
        if (closeAbort != null) {
            throw new ProtocolAbortException(null, closeAbort);
        }
        return arrived;
    }

    public synchronized boolean isClosed() {
        return state != State.OPEN;
    }

    public synchronized int submissionCount() {
        return submissions.size();
    }

    /** How many messages arrived in a registered client's name, accepted or refused (0 if none or unregistered). */
    public synchronized int messagesFrom(String clientId) {
        return messages.getOrDefault(clientId, 0);
    }

    /** The relay for one seat (after {@link #close}). */
    public synchronized MemberTask taskFor(int seat) {
        requireClosed();
        if (seat < 1 || seat > round.committee().size()) {
            throw new ParameterException("no seat " + seat + " in this round");
        }
        List<ShareCipher.Sealed> shares = new ArrayList<>();
        for (String c : arrived) {
            shares.add(submissions.get(c).shares.get(seat - 1));
        }
        return new MemberTask(round.id(), seat, arrived, shares);
    }

    /**
     * Takes a committee member's reply.
     *
     * @throws MalformedInputException if it does not fit the round
     * @throws ParameterException if the seat already answered or the round is not waiting for replies
     */
    public synchronized void accept(MemberReply r) {
        requireClosed();
        if (!round.sameId(r.roundId)) {
            throw new MalformedInputException("member.round_id", "is not this round's");
        }
        if (r.seat < 1 || r.seat > round.committee().size()) {
            throw new MalformedInputException("member.seat", "no seat " + r.seat + " in this round");
        }
        if (replies.containsKey(r.seat)) {
            throw new ParameterException("seat " + r.seat + " already answered");
        }
        if (r.shareSum.length != AggregationParams.RING_DEGREE) {
            throw MalformedInputException.wrongLength("member.share_sum", AggregationParams.RING_DEGREE, r.shareSum.length);
        }
        long q = AggregationParams.keyModulus().value();
        for (int i = 0; i < r.shareSum.length; i++) {
            if (r.shareSum[i] < 0 || r.shareSum[i] >= q) {
                throw new MalformedInputException("member.share_sum[" + i + "]", "is not below q");
            }
        }
        for (String c : r.excluded) {
            if (!submissions.containsKey(c)) {
                throw new MalformedInputException("member.excluded", "names a client that did not arrive");
            }
        }
        replies.put(r.seat, r);
    }

    public synchronized int replyCount() {
        return replies.size();
    }

    /**
     * Reconstructs and unmasks the sum here ({@link Unmasking#LOCAL}).
     *
     * @throws ProtocolAbortException if fewer than threshold members agree on a client set, their
     *     replies cover fewer than {@link Round#minCounted()} clients, or the unmasked residue is
     *     inconsistent
     */
    public AggregationResult finish() {
        return finish(Unmasking.LOCAL);
    }

    /**
     * Chooses the replies to use, hands the last step to {@code unmasking} (outside this server's
     * lock: a remote replica may take a while) and returns the sum. The round is over afterwards,
     * whatever the outcome.
     *
     * @throws ProtocolAbortException if fewer than threshold members agree on a client set, their
     *     replies cover fewer than {@link Round#minCounted()} clients, the unmasked residue is
     *     inconsistent, or {@code unmasking} could not run the job
     */
    public AggregationResult finish(Unmasking unmasking) {
        Plan plan = plan();
        try {
            long[] sum = unmasking.unmask(plan.job);
            return new AggregationResult(sum, plan.counted, plan.excluded, plan.seats);
        } finally {
            synchronized (this) {
                state = State.DONE;
            }
        }
    }

    /** The replies chosen for unmasking and the job they make. */
    private record Plan(UnmaskJob job, List<String> counted, List<String> excluded, List<Integer> seats) {
    }

    private synchronized Plan plan() {
        requireClosed();
        int t = round.threshold();
        // Group the replies by the clients they leave out; use the largest group that reaches t.
        Map<TreeSet<String>, List<MemberReply>> groups = new LinkedHashMap<>();
        for (MemberReply r : replies.values()) {
            groups.computeIfAbsent(new TreeSet<>(r.excluded), e -> new ArrayList<>()).add(r);
        }
        TreeSet<String> bestExcluded = null;
        for (Map.Entry<TreeSet<String>, List<MemberReply>> g : groups.entrySet()) {
            if (g.getValue().size() >= t && (bestExcluded == null || g.getKey().size() < bestExcluded.size())) {
                bestExcluded = g.getKey();
            }
        }
        if (bestExcluded == null) {
            throw new ProtocolAbortException(null, "only " + replies.size() + " of " + round.committee().size()
                    + " committee members answered consistently; " + t + " are needed to unmask the sum");
        }
        List<MemberReply> used = groups.get(bestExcluded).subList(0, t);
        List<String> counted = new ArrayList<>();
        for (String c : arrived) {
            if (!bestExcluded.contains(c)) {
                counted.add(c);
            }
        }
        if (counted.size() < round.minCounted()) {
            // Checked before anything is unmasked: the key sum is never reconstructed.
            state = State.DONE;
            throw new ProtocolAbortException(null, "the committee's replies cover only " + counted.size()
                    + " client(s); this round sums over at least " + round.minCounted() + ", so no sum is output");
        }
        Map<Integer, long[]> shares = new HashMap<>();
        List<Integer> seats = new ArrayList<>();
        for (MemberReply r : used) {
            shares.put(r.seat, r.shareSum);
            seats.add(r.seat);
        }
        int length = round.params().maskedLength();
        long[] acc = runningSum.clone();
        for (String c : bestExcluded) {
            long[] y = submissions.get(c).masked;
            for (int i = 0; i < length; i++) {
                acc[i] -= y[i]; // wraps modulo 2^64, a multiple of p
            }
        }
        long pMask = AggregationParams.plainModulus().value() - 1;
        for (int i = 0; i < length; i++) {
            acc[i] &= pMask; // p is a power of two
        }
        state = State.UNMASKING;
        return new Plan(new UnmaskJob(round, acc, counted.size(), shares), counted, new ArrayList<>(bestExcluded), seats);
    }

    private void requireClosed() {
        if (closeAbort != null) {
            throw new ProtocolAbortException(null, closeAbort);
        }
        if (state == State.OPEN) {
            throw new ParameterException("the client phase is still open; close() the round first");
        }
        if (state == State.UNMASKING) {
            throw new ParameterException("the round is being unmasked");
        }
        if (state == State.DONE) {
            throw new ParameterException("the round is finished");
        }
    }
}
