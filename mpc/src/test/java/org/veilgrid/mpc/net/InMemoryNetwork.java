package org.veilgrid.mpc.net;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import org.veilgrid.core.errors.ProtocolAbortException;

/**
 * The parties of one run in one JVM, exchanging rounds through memory instead of gRPC: for tests
 * that run thousands of protocol instances (adversarial trials), where a TLS server per party and
 * instance would cost more than the protocol. It keeps {@link PartyNetwork}'s contract — lock-step
 * rounds, exactly the expected number of elements from each peer, an abort reaching every party
 * with its culprit — and lets a test rewrite what a party sends ({@link Tamper}): the adversary
 * of a malicious-security test is exactly what a corrupt party puts on the wire.
 */
public final class InMemoryNetwork {
    /** Rewrites what party {@code from} sends to {@code to} in {@code round}; returns the payload sent. */
    @FunctionalInterface
    public interface Tamper {
        long[] apply(long round, int from, int to, long[] payload);
    }

    private final int n;
    private final int t;
    private final long timeoutNanos;
    private final Object lock = new Object();
    /** (round, from, to) → payload. */
    private final Map<String, long[]> mail = new HashMap<>();
    private volatile Tamper tamper = (round, from, to, payload) -> payload;
    private ProtocolAbortException abort;
    private final Party[] parties;
    /** Each party's signing key (what a TLS certificate's key is on a real network). */
    private final java.security.KeyPair[] keys;

    private InMemoryNetwork(int n, int t, long timeoutMs) {
        this.n = n;
        this.t = t;
        this.keys = new java.security.KeyPair[n];
        try {
            java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
            g.initialize(256);
            for (int i = 0; i < n; i++) {
                keys[i] = g.generateKeyPair();
            }
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        this.parties = new Party[n];
        for (int i = 0; i < n; i++) {
            parties[i] = new Party(i);
        }
    }

    /** n parties with threshold t; a party waits at most {@code timeoutMs} for a peer's message. */
    public static InMemoryNetwork of(int n, int t, long timeoutMs) {
        return new InMemoryNetwork(n, t, timeoutMs);
    }

    /** Party i's end of the network. */
    public MpcNetwork party(int i) {
        return parties[i];
    }

    /** From now on, every round message passes through {@code how} before it is delivered. */
    public InMemoryNetwork tamper(Tamper how) {
        this.tamper = Objects.requireNonNull(how, "how");
        return this;
    }

    /** The first abort of the run, or null. */
    public ProtocolAbortException abort() {
        synchronized (lock) {
            return abort;
        }
    }

    private static String key(long round, int from, int to) {
        return round + "/" + from + "/" + to;
    }

    private static String name(int party) {
        return "party-" + party;
    }

    /** Every party sees the first abort (a real network's notices settle on one too). */
    private ProtocolAbortException abortLocked(String culprit, String reason) {
        if (abort == null) {
            abort = new ProtocolAbortException(culprit, reason);
            lock.notifyAll();
        }
        return abort;
    }

    private final class Party implements MpcNetwork {
        private final int self;
        private final NetworkStats stats = new NetworkStats();
        private long completedRound;

        Party(int self) {
            this.self = self;
        }

        @Override
        public int self() {
            return self;
        }

        @Override
        public int parties() {
            return n;
        }

        @Override
        public String partyName(int i) {
            return name(i);
        }

        @Override
        public int threshold() {
            return t;
        }

        @Override
        public long[][] exchange(long round, long[][] outgoing, int[] expected) {
            if (round != completedRound + 1) {
                throw new IllegalStateException("round " + round + " follows round " + completedRound);
            }
            synchronized (lock) {
                if (abort != null) {
                    throw abort;
                }
                for (int j = 0; j < n; j++) {
                    if (j != self && outgoing[j] != null) {
                        long[] sent = tamper.apply(round, self, j, outgoing[j].clone());
                        mail.put(key(round, self, j), sent);
                        stats.messagesSent.incrementAndGet();
                        stats.bytesSent.addAndGet(16L * (sent.length / 2));
                    }
                }
                lock.notifyAll();
                long[][] received = new long[n][];
                long deadline = System.nanoTime() + timeoutNanos;
                for (int j = 0; j < n; j++) {
                    if (j == self || expected[j] < 0) {
                        continue;
                    }
                    String k = key(round, j, self);
                    while (!mail.containsKey(k)) {
                        if (abort != null) {
                            throw abort;
                        }
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            throw abortLocked(name(j), "party '" + name(j) + "' sent nothing in round " + round
                                    + " within the timeout");
                        }
                        try {
                            TimeUnit.NANOSECONDS.timedWait(lock, left);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw abortLocked(null, "interrupted");
                        }
                    }
                    long[] payload = mail.remove(k);
                    if (payload.length / 2 != expected[j]) {
                        throw abortLocked(name(j), "party '" + name(j) + "' sent " + payload.length / 2
                                + " elements in round " + round + " where " + expected[j] + " were due");
                    }
                    received[j] = payload;
                }
                completedRound = round;
                stats.rounds.incrementAndGet();
                return received;
            }
        }

        @Override
        public long session() {
            return 1;
        }

        @Override
        public byte[] sign(byte[] message) {
            return ClientDealing.sign(keys[self].getPrivate(), message);
        }

        @Override
        public java.security.PublicKey partyKey(int i) {
            return keys[i].getPublic();
        }

        @Override
        public ClientDealing.Received awaitClientInput(String client, String label, int count) {
            throw new UnsupportedOperationException("the in-memory network carries no client inputs (use a LoopbackCluster)");
        }

        @Override
        public ProtocolAbortException abort(String culprit, String reason) {
            synchronized (lock) {
                return abortLocked(culprit, reason);
            }
        }

        @Override
        public ProtocolAbortException aborted() {
            synchronized (lock) {
                return abort;
            }
        }

        @Override
        public void finished() {
        }

        @Override
        public NetworkStats stats() {
            return stats;
        }

        @Override
        public void close() {
        }
    }
}
