package org.veilgrid.mpc.aggregation;

import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.core.federation.Card;
import org.veilgrid.core.federation.IdentityFolder;
import org.veilgrid.core.federation.Role;
import org.veilgrid.core.federation.Roster;
import org.veilgrid.core.federation.RosterCheck;
import org.veilgrid.core.text.SafeText;
import org.veilgrid.core.tls.MutualTls;
import org.veilgrid.core.tls.WrongPeerCertificateException;
import org.veilgrid.core.tls.TlsIdentity;
import org.veilgrid.mpc.aggregation.wire.AggregationGrpc;
import org.veilgrid.mpc.aggregation.wire.MemberTaskMessage;
import org.veilgrid.mpc.aggregation.wire.Receipt;
import org.veilgrid.mpc.aggregation.wire.RoundQuery;
import org.veilgrid.mpc.aggregation.wire.WorkQuery;

/**
 * A client's or committee member's connection to the aggregation server (mutual TLS): fetch the
 * round, send the one message, or, for a member, wait for the task and send the one reply. A
 * failed call becomes a one-line {@link ProtocolAbortException} naming the server's address; a
 * refusal, a {@link ParameterException} with the server's reason.
 */
public final class AggregationPeer implements AutoCloseable {
    private final ManagedChannel channel;
    private final AggregationGrpc.AggregationBlockingStub stub;
    private final Duration timeout;
    /** host:port, for messages. */
    private final String address;
    /** The federation's roster, or null in a CA-based setup. */
    private final Roster roster;
    /** The first server that answered at the address with another participant's certificate. */
    private final AtomicReference<WrongPeerCertificateException> wrongPeer = new AtomicReference<>();
    /** Set once a call has been answered: the server was reached. */
    private volatile boolean reached;

    /**
     * @param serverName the aggregation server's participant name: the connection is refused,
     *                   before anything is sent, unless the server's certificate names it
     */
    public AggregationPeer(String host, int port, TlsIdentity identity, String serverName, Duration timeout) {
        this(host, port, identity, serverName, timeout, null, "");
    }

    private AggregationPeer(String host, int port, TlsIdentity identity, String serverName, Duration timeout,
                            Roster roster, String socketAddress) {
        this.address = printable(host, 100) + ":" + port;
        if (port < 1 || port > 65535) {
            throw new ParameterException("the aggregation server's port " + port + " is not in 1..65535");
        }
        // Another participant answering at the server's address fails only the handshake, which a
        // call waiting for the server to come up never sees: remember it and stop the channel, so
        // the waiting call ends at once and failure() names who answered.
        var credentials = MutualTls.channelCredentials(identity, serverName, this::onWrongPeer);
        var builder = Grpc.newChannelBuilderForAddress(socketAddress.isEmpty() ? host : socketAddress, port, credentials)
                .maxInboundMessageSize(256 << 20);
        if (!socketAddress.isEmpty()) {
            builder.overrideAuthority(host + ":" + port); // TLS still checks the host name
        }
        if (roster != null) {
            builder.intercept(RosterCheck.client(roster, serverName));
        }
        this.channel = builder.build();
        this.stub = AggregationGrpc.newBlockingStub(channel);
        this.timeout = timeout;
        this.roster = roster;
    }

    /**
     * An aggregation client or committee member of a federation (a client may hold a committee
     * seat too, when the roster lists no committee members), from its own identity folder: it reaches the roster's one
     * aggregation server at its card's address, trusts exactly the roster's certificates,
     * {@link #round()} waits (within {@code timeout}) for a server that is not up yet and accepts
     * only the round the roster gives ({@link FederatedRound#verify}).
     *
     * @throws ParameterException if the roster has not exactly one aggregation server, or
     *         {@code me} is not one of its aggregation clients or committee members, or its certificate is not the
     *         roster's
     */
    public static AggregationPeer ofRoster(Roster roster, IdentityFolder me, Duration timeout) {
        List<Card> servers = roster.cards(Role.AGGREGATION_SERVER);
        if (servers.size() != 1) {
            throw new ParameterException("the roster lists " + servers.size() + " aggregation servers; a round has one");
        }
        FederatedRound.requireParticipant(roster, me.card().name());
        Card.Statement server = servers.get(0).statement();
        List<String> addresses = server.addresses();
        return new AggregationPeer(server.host(), server.port(), roster.trust(me.tls()), server.name(), timeout, roster,
                addresses.isEmpty() ? "" : addresses.get(0));
    }

    /** On a network thread, inside the handshake: must not block (shutdownNow does not). */
    private void onWrongPeer(WrongPeerCertificateException wrong) {
        if (wrongPeer.compareAndSet(null, wrong) && channel != null) {
            channel.shutdownNow();
        }
    }

    private AggregationGrpc.AggregationBlockingStub call() {
        return stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The round the server runs; decoded and validated. */
    public Round round() {
        Round announced;
        try {
            // In a federation participants start on their own machines in any order: the first call
            // waits (within the timeout) for the server to come up rather than failing at once.
            AggregationGrpc.AggregationBlockingStub first = roster == null ? call() : call().withWaitForReady();
            announced = AggregationCodec.decode(first.getRound(RoundQuery.newBuilder().setVersion(AggregationCodec.VERSION).build()));
            reached = true;
        } catch (StatusRuntimeException e) {
            throw failure("could not fetch the round", e);
        }
        return roster == null ? announced : FederatedRound.verify(announced, roster);
    }

    /** Sends a client's one message; the server's refusal becomes a ParameterException with its reason. */
    public void submit(ClientSubmission s) {
        Receipt r;
        try {
            r = call().submit(AggregationCodec.encode(s));
        } catch (StatusRuntimeException e) {
            throw failure("the client message did not go through", e);
        }
        if (!r.getAccepted()) {
            throw new ParameterException("the server refused the message: " + printable(r.getReason(), 300));
        }
    }

    /**
     * A committee member's turn: waits (polling) until the server closes the client phase, then
     * answers its task once.
     *
     * @return how many clients the reply covers
     */
    public int serveSeat(Round round, CommitteeMember member, int seat, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        MemberTaskMessage task;
        while (true) {
            try {
                task = call().getWork(WorkQuery.newBuilder().setVersion(AggregationCodec.VERSION)
                        .setRoundId(com.google.protobuf.ByteString.copyFrom(round.id())).setSeat(seat).build());
            } catch (StatusRuntimeException e) {
                throw failure("could not fetch the committee task", e);
            }
            if (task.getReady()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new ProtocolAbortException(null, "the aggregation server at " + address
                        + " did not close the client phase within " + wait.toSeconds() + " s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProtocolAbortException(null, "interrupted while waiting for the committee task");
            }
        }
        MemberTask decoded = AggregationCodec.decode(round, task);
        MemberReply reply = member.answer(round, decoded);
        Receipt r;
        try {
            r = call().submitShares(AggregationCodec.encode(reply));
        } catch (StatusRuntimeException e) {
            throw failure("the member reply did not go through", e);
        }
        if (!r.getAccepted()) {
            throw new ParameterException("the server refused the reply: " + printable(r.getReason(), 300));
        }
        return decoded.clients.size() - reply.excluded.size();
    }

    /**
     * A failed call as one line that names the server: the status code in words and the root
     * cause's message, never the status's own text (which carries the cause's whole stack trace)
     * and never a control character the server might have sent.
     */
    private ProtocolAbortException failure(String what, StatusRuntimeException e) {
        Status status = e.getStatus();
        Throwable root = status.getCause();
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        var wrong = WrongPeerCertificateException.findIn(e).or(() -> Optional.ofNullable(wrongPeer.get()));
        if (wrong.isPresent()) {
            return new ProtocolAbortException(null, what + ": refused the server at " + address + ": "
                    + wrong.get().getMessage(), e);
        }
        String why = switch (status.getCode()) {
            case UNAVAILABLE -> {
                if (root instanceof ConnectException) {
                    yield "no aggregation server at " + address + " (connection refused)";
                }
                if (root instanceof UnknownHostException) {
                    yield "the host of " + address + " is unknown";
                }
                if (root instanceof SSLException) {
                    yield "the TLS handshake with " + address + " failed (" + printable(root.getMessage(), 200) + ")";
                }
                yield "the aggregation server at " + address + " is unavailable ("
                        + printable(status.getDescription() != null ? status.getDescription() : "no reason given", 200) + ")";
            }
            // A federated client waits for the server to come up, which hides why no connection was made.
            case DEADLINE_EXCEEDED -> roster != null && !reached
                    ? "the aggregation server at " + address + " was never reached within " + timeout.toSeconds()
                            + " s: it is not running there, or the TLS handshake with it fails (a certificate that is"
                            + " not the roster's)"
                    : "the aggregation server at " + address + " did not answer within " + timeout.toSeconds() + " s";
            default -> "the aggregation server at " + address + " answered " + status.getCode()
                    + (status.getDescription() != null ? ": " + printable(status.getDescription(), 300) : "");
        };
        return new ProtocolAbortException(null, what + ": " + why, e);
    }

    /** Text from the network or the command line, safe on one line (see {@link SafeText}). */
    static String printable(String text, int maxChars) {
        return text == null ? "" : SafeText.abbreviate(text, maxChars);
    }

    @Override
    public void close() {
        channel.shutdown();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        channel.shutdownNow();
    }
}
