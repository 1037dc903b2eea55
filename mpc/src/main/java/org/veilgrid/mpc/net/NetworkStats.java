package org.veilgrid.mpc.net;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of one party's traffic: rounds completed, messages and payload bytes sent. */
public final class NetworkStats {

    final AtomicLong rounds = new AtomicLong();
    final AtomicLong messagesSent = new AtomicLong();
    final AtomicLong bytesSent = new AtomicLong();

    /** Rounds this party has completed. */
    public long rounds() {
        return rounds.get();
    }

    /** Round messages this party has sent (one per peer per round at most). */
    public long messagesSent() {
        return messagesSent.get();
    }

    /** Serialized bytes of the round messages this party has sent (protobuf size, no TLS/HTTP/2 framing). */
    public long bytesSent() {
        return bytesSent.get();
    }
}
