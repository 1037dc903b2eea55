package org.veilgrid.mpc.aggregation;

import java.util.List;

/**
 * The one message a client sends: its input masked with G(k) (L values mod p) and, for each
 * committee seat, the seat's Shamir share of k sealed to that member.
 */
public final class ClientSubmission {
    public final byte[] roundId;
    public final String clientId;
    /** y = G(k) + &Delta;&middot;x mod p. */
    public final long[] masked;
    /** Index j-1 holds seat j's sealed share. */
    public final List<ShareCipher.Sealed> shares;

    public ClientSubmission(byte[] roundId, String clientId, long[] masked, List<ShareCipher.Sealed> shares) {
        this.roundId = roundId;
        this.clientId = clientId;
        this.masked = masked;
        this.shares = List.copyOf(shares);
    }

    @Override
    public String toString() {
        return "ClientSubmission(" + clientId + ", " + masked.length + " values, " + shares.size() + " shares)";
    }
}
