package org.veilgrid.mpc.net;

import java.security.PublicKey;

import org.veilgrid.core.errors.ProtocolAbortException;

/**
 * What the MPC engine needs from the network between the parties, and nothing more: rounds of
 * messages in lock-step, outside clients' inputs, and aborts. The engine
 * ({@link org.veilgrid.mpc.engine.MpcSession}) knows only this; {@link PartyNetwork} is the real
 * one (gRPC with mutual TLS), and a simulation or a test may bring its own — the network kept
 * apart from the arithmetic.
 */
public interface MpcNetwork extends AutoCloseable {
    /** This party's index, 0-based. */
    int self();

    /** Number of parties n. */
    int parties();

    /** Party i's participant name (what aborts and messages call it). */
    String partyName(int i);

    /** The Shamir threshold t of the run (t &lt; n/2). */
    int threshold();

    /** The run's session id (every message and every signed dealing is bound to it). */
    long session();

    /**
     * Runs one round: sends {@code outgoing[j]} (a packed vector, or {@code null} for nothing) to
     * each peer j and returns what each peer j with {@code expected[j] >= 0} sent, which must be
     * exactly {@code expected[j]} elements.
     *
     * @param round the round id, one more than the last completed round
     * @throws ProtocolAbortException if this or any party aborts, naming the culprit
     */
    long[][] exchange(long round, long[][] outgoing, int[] expected);

    /**
     * Waits for an outside client's shares of input {@code label}: exactly {@code count} values,
     * within the run's timeout, dealt verifiably ({@link ClientDealing}: checked here before they
     * are returned).
     *
     * @throws ProtocolAbortException if they do not come, the dealing fails a check (naming the
     *         client), or this or any party aborts
     */
    ClientDealing.Received awaitClientInput(String client, String label, int count);

    /**
     * This party's signature over {@code message} with the key of its TLS certificate, so that
     * what it deals is provably its own ({@link ClientDealing}).
     */
    byte[] sign(byte[] message);

    /**
     * The public key of party {@code i}'s certificate: this party's own, or the one a peer's
     * messages to this party came with; null for a peer that has sent nothing yet.
     */
    PublicKey partyKey(int i);

    /**
     * Aborts this party (if it has not already) and tells every peer; returns the abort, which
     * every later call throws.
     *
     * @param culprit the participant blamed, or null when nobody can be
     */
    ProtocolAbortException abort(String culprit, String reason);

    /** The abort this party is in (a peer's, reported to it, or its own), or null if none. */
    ProtocolAbortException aborted();

    /** The protocol is over (every output is final): a peer that leaves from now on is no fault. */
    void finished();

    /** This party's traffic counters. */
    NetworkStats stats();

    /** Releases the network's resources. */
    @Override
    void close();
}
