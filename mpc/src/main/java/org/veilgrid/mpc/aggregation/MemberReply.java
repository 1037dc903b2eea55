package org.veilgrid.mpc.aggregation;

import java.util.List;

/**
 * A committee member's one message: the sum of the shares it opened (a share of the sum of those
 * clients' keys) and the clients whose shares it could not open, which that sum leaves out.
 */
public final class MemberReply {
    public final byte[] roundId;
    public final int seat;
    public final List<String> excluded;
    public final long[] shareSum;

    public MemberReply(byte[] roundId, int seat, List<String> excluded, long[] shareSum) {
        this.roundId = roundId;
        this.seat = seat;
        this.excluded = List.copyOf(excluded);
        this.shareSum = shareSum;
    }

    @Override
    public String toString() {
        // The share sum is a share of secret keys: never printed.
        return "MemberReply(seat " + seat + ", " + excluded.size() + " excluded)";
    }
}
