package org.veilgrid.mpc.aggregation;

import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.kernels.Kernels;
import org.veilgrid.kernels.Modulus;

/**
 * A committee member's side: opens the shares the server relays, adds them up, and answers once.
 * A share that does not open (tampered, or sealed to someone else) or does not parse leaves its
 * client out of this member's sum, and the reply says so.
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

    /** @throws ParameterException if the task is for another round or a seat that is not this member's */
    public MemberReply answer(Round round, MemberTask task) {
        if (!round.sameId(task.roundId)) {
            throw new ParameterException("the task is for another round");
        }
        if (task.seat < 1 || task.seat > round.committee().size()
                || !round.committee().get(task.seat - 1).memberId.equals(memberId)) {
            throw new ParameterException("seat " + task.seat + " is not " + memberId + "'s in this round");
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
        return new MemberReply(roundId, task.seat, excluded, sum);
    }
}
