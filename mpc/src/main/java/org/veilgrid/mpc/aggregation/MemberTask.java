package org.veilgrid.mpc.aggregation;

import java.util.List;

/** What the server relays to one committee seat: the arrived clients and their sealed shares for it. */
public final class MemberTask {
    public final byte[] roundId;
    public final int seat;
    public final List<String> clients;
    /** Parallel to {@link #clients}. */
    public final List<ShareCipher.Sealed> shares;

    public MemberTask(byte[] roundId, int seat, List<String> clients, List<ShareCipher.Sealed> shares) {
        if (clients.size() != shares.size()) {
            throw new IllegalArgumentException("one share per client");
        }
        this.roundId = roundId;
        this.seat = seat;
        this.clients = List.copyOf(clients);
        this.shares = List.copyOf(shares);
    }
}
