package org.veilgrid.mpc.aggregation;

import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.kernels.Kernels;
import org.veilgrid.kernels.Modulus;

/**
 * A committee member's side: opens the shares the server relays, adds them up, and answers once.
 * A share that does not open (tampered, or sealed to someone else) or does not parse leaves its
 * client out of this member's sum, and the reply says so.
 *
 * <p>A member answers only for the round's registered clients, each listed once, and only if the
 * shares it opened cover at least {@link Round#minCounted()} clients: a share of a sum over fewer
 * would help the server learn an individual input.
 */
public final class CommitteeMember {
    private final String memberId;
    private final PrivateKey privateKey;

    public CommitteeMember(String memberId, PrivateKey privateKey) {
        this.memberId = memberId;
        this.privateKey = privateKey;
    }

    public String memberId() {
        return memberId;
    }

    /**
     * @throws ParameterException if the task is for another round or a seat that is not this member's
     * @throws MalformedInputException if the task names an unregistered client or one client twice
     * @throws ProtocolAbortException if the shares that open cover fewer than the round's minimum
     *     number of clients (the member does not answer)
     */
    public MemberReply answer(Round round, MemberTask task) {
        if (!round.sameId(task.roundId)) {
            throw new ParameterException("the task is for another round");
        }
        if (task.seat < 1 || task.seat > round.committee().size()
                || !round.committee().get(task.seat - 1).memberId.equals(memberId)) {
            throw new ParameterException("seat " + task.seat + " is not " + memberId + "'s in this round");
        }
        Set<String> seen = new HashSet<>();
        for (String client : task.clients) {
            if (!round.isRegistered(client)) {
                throw new MalformedInputException("task.clients", "names a client that is not registered in this round");
            }
            if (!seen.add(client)) {
                throw new MalformedInputException("task.clients", "names a client twice");
            }
        }
        if (task.clients.size() < round.minCounted()) {
            throw tooFew(round, task.clients.size());
        }
        Modulus q = AggregationParams.keyModulus();
        Kernels kernels = Kernels.get();
        long[] sum = new long[AggregationParams.RING_DEGREE];
        List<String> excluded = new ArrayList<>();
        byte[] roundId = round.id();
        for (int i = 0; i < task.clients.size(); i++) {
            String client = task.clients.get(i);
            try {
                byte[] plain = ShareCipher.open(privateKey, ShareCipher.context(roundId, client, task.seat), task.shares.get(i));
                long[] share = KeySharing.fromBytes("share of " + client, plain);
                Arrays.fill(plain, (byte) 0);
                kernels.add(q, sum, share, sum);
                Arrays.fill(share, 0);
            } catch (VerificationFailedException | MalformedInputException e) {
                excluded.add(client);
            }
        }
        int opened = task.clients.size() - excluded.size();
        if (opened < round.minCounted()) {
            Arrays.fill(sum, 0);
            throw tooFew(round, opened);
        }
        return new MemberReply(roundId, task.seat, excluded, sum);
    }

    private static ProtocolAbortException tooFew(Round round, int clients) {
        return new ProtocolAbortException(null, "the task covers " + clients + " client(s); this round sums over at least "
                + round.minCounted() + ", so this member does not answer");
    }
}
