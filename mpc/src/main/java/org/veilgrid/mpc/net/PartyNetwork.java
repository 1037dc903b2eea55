package org.veilgrid.mpc.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.core.tls.MutualTls;
import org.veilgrid.core.tls.PeerIdentity;
import org.veilgrid.core.tls.TlsIdentity;
import org.veilgrid.mpc.config.PartiesConfig;
import org.veilgrid.mpc.config.PartyAddress;
import org.veilgrid.mpc.field.Mersenne127;
import org.veilgrid.mpc.wire.AbortNotice;
import org.veilgrid.mpc.wire.Ack;
import org.veilgrid.mpc.wire.ClientInput;
import org.veilgrid.mpc.wire.MpcPartyGrpc;
import org.veilgrid.mpc.wire.RoundMessage;

/**
 * One party's end of the network: its own gRPC server (mutual TLS, the caller identified by its
 * certificate) and a channel to every peer.
 *
 * <p>Communication is in synchronous rounds. In {@link #exchange} a party sends at most one
 * {@link RoundMessage} to each peer (all the operations of the round, concatenated) and waits
 * for the messages it expects, each checked by {@link RoundMessages#decode} and for its round id
 * (never a completed round, at most {@value #WINDOW} rounds ahead, never twice) and, when the
 * round is consumed, for its exact element count.
 *
 * <p><b>Faults.</b> Whatever goes wrong ends in one {@link ProtocolAbortException} naming the
 * party to blame: a peer whose message is malformed or has the wrong size, a peer that cannot be
 * reached, a peer from which nothing arrives within the timeout. The party that detects the
 * fault sends an {@link AbortNotice} naming the culprit to every peer, and answers any later
 * message with {@code ABORTED} and the culprit in the {@value #CULPRIT_HEADER} trailer, so every
 * party stops with the same culprit instead of timing out on a bystander.
 */
public final class PartyNetwork implements AutoCloseable {

    /** Rounds a peer may run ahead of this party. */
    public static final int WINDOW = 1024;

    /** Trailer that carries the culprit's name on an {@code ABORTED}/{@code INVALID_ARGUMENT} reply. */
    public static final String CULPRIT_HEADER = "veil-culprit";

    static final Metadata.Key<String> CULPRIT = Metadata.Key.of(CULPRIT_HEADER, Metadata.ASCII_STRING_MARSHALLER);

    /** Flow-control window: large, so that megabyte rounds are not throttled by window updates. */
    private static final int FLOW_WINDOW = 32 << 20;
    private static final int MAX_INBOUND = RoundMessages.MAX_ELEMENTS * Mersenne127.BYTES + (1 << 16);

    private final PartiesConfig config;
    private final int self;
    private final int n;
    private final long session;
    private final long timeoutNanos;
    private final TlsIdentity identity;
    private final NetworkStats stats = new NetworkStats();

    private final Object lock = new Object();
    private final Map<Long, long[]>[] inbox;
    private final Map<String, long[]> clientInputs = new HashMap<>();
    private final Map<String, String> clientFailures = new HashMap<>();
    private long completedRound;
    private int pendingAcks;
    private ProtocolAbortException abort;

    /** Peers that have acknowledged a message: until then, a call waits for the peer to come up. */
    private final boolean[] reached;
    private volatile UnaryOperator<RoundMessage> outgoingFilter = UnaryOperator.identity();
    private Server server;
    private ManagedChannel[] channels;
    private MpcPartyGrpc.MpcPartyStub[] stubs;

    /**
     * @param identity this party's TLS identity; its name must be {@code config.party(self).name()}
     */
    @SuppressWarnings("unchecked")
    public PartyNetwork(PartiesConfig config, int self, TlsIdentity identity) {
        this.config = Objects.requireNonNull(config, "config");
        this.n = config.size();
        this.self = config.party(self).index();
        this.identity = Objects.requireNonNull(identity, "identity");
        if (!identity.partyName().equals(config.party(self).name())) {
            throw new ParameterException("the TLS identity is '" + identity.partyName() + "' but party " + self
                    + " is '" + config.party(self).name() + "' in the config");
        }
        this.session = config.session();
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(config.timeoutMs());
        this.reached = new boolean[n];
        this.inbox = new Map[n];
        for (int j = 0; j < n; j++) {
            inbox[j] = new HashMap<>();
        }
    }

    /** Starts this party's server and opens (lazily connecting) channels to every peer. */
    public PartyNetwork start() {
        PartyAddress me = config.party(self);
        try {
            server = NettyServerBuilder.forAddress(new InetSocketAddress(me.host(), me.port()),
                            MutualTls.serverCredentials(identity))
                    .intercept(PeerIdentity.interceptor())
                    .flowControlWindow(FLOW_WINDOW)
                    .maxInboundMessageSize(MAX_INBOUND)
                    .addService(new Service())
                    .build()
                    .start();
        } catch (IOException e) {
            throw new ParameterException("party " + me.name() + " cannot listen on " + me.host() + ":" + me.port()
                    + " (" + e.getMessage() + ")", e);
        }
        channels = new ManagedChannel[n];
        stubs = new MpcPartyGrpc.MpcPartyStub[n];
        for (int j = 0; j < n; j++) {
            if (j == self) {
                continue;
            }
            PartyAddress peer = config.party(j);
            channels[j] = NettyChannelBuilder.forAddress(peer.host(), peer.port(), MutualTls.channelCredentials(identity, peer.name()))
                    .flowControlWindow(FLOW_WINDOW)
                    .maxInboundMessageSize(MAX_INBOUND)
                    .build();
            stubs[j] = MpcPartyGrpc.newStub(channels[j]);
        }
        return this;
    }

    /** This party's index. */
    public int self() {
        return self;
    }

    /** n. */
    public int parties() {
        return n;
    }

    /** The run's configuration. */
    public PartiesConfig config() {
        return config;
    }

    /** Traffic counters. */
    public NetworkStats stats() {
        return stats;
    }

    /** The port the server listens on. */
    public int port() {
        return server.getPort();
    }

    /**
     * Fault injection for tests of the abort paths: every outgoing round message passes through
     * {@code filter} just before it is sent. Never set in production.
     */
    public void setOutgoingFilter(UnaryOperator<RoundMessage> filter) {
        this.outgoingFilter = Objects.requireNonNull(filter, "filter");
    }

    /**
     * Runs one round: sends {@code outgoing[j]} (a packed vector, or {@code null} for nothing) to
     * each peer j and returns what each peer j with {@code expected[j] >= 0} sent, which must be
     * exactly {@code expected[j]} elements.
     *
     * @param round the round id, one more than the last completed round
     * @throws ProtocolAbortException if this or any party aborts, naming the culprit
     */
    public long[][] exchange(long round, long[][] outgoing, int[] expected) {
        synchronized (lock) {
            throwIfAborted();
            if (round != completedRound + 1) {
                throw new IllegalStateException("round " + round + " follows round " + completedRound);
            }
        }
        for (int j = 0; j < n; j++) {
            if (outgoing[j] != null && outgoing[j].length / 2 > RoundMessages.MAX_ELEMENTS) {
                throw new ParameterException("round " + round + " would send " + outgoing[j].length / 2
                        + " elements to one peer; at most " + RoundMessages.MAX_ELEMENTS
                        + " fit in a message: split the batch");
            }
        }
        long[] lastPayload = null;
        RoundMessage lastMessage = null;
        for (int j = 0; j < n; j++) {
            if (j == self || outgoing[j] == null) {
                continue;
            }
            // The same vector often goes to every peer (a multiplication's masked shares): encode once.
            RoundMessage encoded = outgoing[j] == lastPayload ? lastMessage
                    : RoundMessages.encode(session, round, self, outgoing[j], outgoing[j].length / 2);
            lastPayload = outgoing[j];
            lastMessage = encoded;
            RoundMessage message = outgoingFilter.apply(encoded);
            stats.messagesSent.incrementAndGet();
            stats.bytesSent.addAndGet(message.getSerializedSize());
            synchronized (lock) {
                pendingAcks++;
            }
            final int peer = j;
            MpcPartyGrpc.MpcPartyStub stub = stubs[j].withDeadlineAfter(timeoutNanos, TimeUnit.NANOSECONDS);
            boolean seen;
            synchronized (lock) {
                seen = reached[j];
            }
            if (!seen) {
                // Parties start at different moments: wait (within the deadline) for a peer that
                // is not up yet. Once it has answered, a refused connection means it is gone.
                stub = stub.withWaitForReady();
            }
            stub.deliver(message, new StreamObserver<>() {
                @Override
                public void onNext(Ack value) {
                }

                @Override
                public void onError(Throwable t) {
                    synchronized (lock) {
                        pendingAcks--;
                    }
                    onSendFailure(peer, round, t);
                }

                @Override
                public void onCompleted() {
                    synchronized (lock) {
                        pendingAcks--;
                        reached[peer] = true;
                        lock.notifyAll();
                    }
                }
            });
        }
        long deadline = System.nanoTime() + timeoutNanos;
        long[][] received = new long[n][];
        synchronized (lock) {
            while (true) {
                throwIfAborted();
                int missing = -1;
                for (int j = 0; j < n; j++) {
                    if (j != self && expected[j] >= 0 && !inbox[j].containsKey(round)) {
                        missing = j;
                        break;
                    }
                }
                if (missing < 0 && pendingAcks == 0) {
                    break;
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    if (missing >= 0) {
                        abortLocally(name(missing), "nothing arrived from party '" + name(missing)
                                + "' for round " + round + " within " + config.timeoutMs() + " ms", true);
                    } else {
                        abortLocally(null, "peers did not acknowledge round " + round + " within "
                                + config.timeoutMs() + " ms", true);
                    }
                    throw abort;
                }
                waitOn(remaining);
            }
            for (int j = 0; j < n; j++) {
                if (j == self || expected[j] < 0) {
                    continue;
                }
                long[] payload = inbox[j].remove(round);
                if (payload.length / 2 != expected[j]) {
                    abortLocally(name(j), "party '" + name(j) + "' sent " + payload.length / 2
                            + " elements in round " + round + " where " + expected[j] + " were due", true);
                    throw abort;
                }
                received[j] = payload;
            }
            completedRound = round;
        }
        stats.rounds.incrementAndGet();
        return received;
    }

    /**
     * Waits for an outside client's shares of input {@code label}: exactly {@code count}
     * elements, within the timeout.
     */
    public long[] awaitClientInput(String client, String label, int count) {
        String key = client + "\u0000" + label;
        long deadline = System.nanoTime() + timeoutNanos;
        synchronized (lock) {
            while (true) {
                throwIfAborted();
                String failure = clientFailures.get(key);
                if (failure != null) {
                    abortLocally(client, failure, true);
                    throw abort;
                }
                long[] shares = clientInputs.remove(key);
                if (shares != null) {
                    if (shares.length / 2 != count) {
                        abortLocally(client, "client '" + client + "' sent " + shares.length / 2
                                + " elements for input '" + label + "' where " + count + " were due", true);
                        throw abort;
                    }
                    return shares;
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    abortLocally(client, "client '" + client + "' sent no input '" + label + "' within "
                            + config.timeoutMs() + " ms", true);
                    throw abort;
                }
                waitOn(remaining);
            }
        }
    }

    /**
     * Aborts this party (if it has not already) and tells every peer; later calls throw the
     * returned exception.
     */
    public ProtocolAbortException abort(String culprit, String reason) {
        synchronized (lock) {
            abortLocally(culprit, reason, true);
            return abort;
        }
    }

    /** The abort this party is in, if any. */
    public ProtocolAbortException aborted() {
        synchronized (lock) {
            return abort;
        }
    }

    @Override
    public void close() {
        if (channels != null) {
            for (ManagedChannel c : channels) {
                if (c != null) {
                    c.shutdownNow();
                }
            }
        }
        if (server != null) {
            server.shutdownNow();
            try {
                server.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private String name(int party) {
        return config.party(party).name();
    }

    private void throwIfAborted() {
        if (abort != null) {
            throw abort;
        }
    }

    private void waitOn(long nanos) {
        try {
            TimeUnit.NANOSECONDS.timedWait(lock, Math.max(1, nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abortLocally(null, "party '" + name(self) + "' was interrupted", true);
            throw abort;
        }
    }

    /** Caller holds {@link #lock} (or it is taken here); the first abort wins. */
    private void abortLocally(String culprit, String reason, boolean notifyPeers) {
        synchronized (lock) {
            if (abort != null) {
                return;
            }
            abort = new ProtocolAbortException(culprit, reason);
            lock.notifyAll();
        }
        if (notifyPeers && stubs != null) {
            AbortNotice notice = AbortNotice.newBuilder().setVersion(RoundMessages.VERSION).setSession(session)
                    .setSender(self).setCulprit(culprit == null ? "" : culprit).setReason(reason).build();
            for (int j = 0; j < n; j++) {
                if (j != self) {
                    stubs[j].withDeadlineAfter(Math.min(timeoutNanos, TimeUnit.SECONDS.toNanos(5)), TimeUnit.NANOSECONDS)
                            .abort(notice, new IgnoreReply());
                }
            }
        }
    }

    private void onSendFailure(int peer, long round, Throwable t) {
        Status status = Status.fromThrowable(t);
        Metadata trailers = Status.trailersFromThrowable(t);
        String reported = trailers == null ? null : trailers.get(CULPRIT);
        if (reported != null && (status.getCode() == Status.Code.ABORTED
                || status.getCode() == Status.Code.INVALID_ARGUMENT)) {
            // The peer is up and has stopped the protocol; take its word for the culprit.
            abortLocally(reported.isEmpty() ? null : reported, "party '" + name(peer) + "' stopped the protocol: "
                    + status.getDescription(), false);
        } else {
            abortLocally(name(peer), "cannot deliver round " + round + " to party '" + name(peer) + "' ("
                    + status.getCode() + ")", true);
        }
    }

    private StatusRuntimeException abortedStatus() {
        Metadata trailers = new Metadata();
        String culprit = abort.culprit().orElse("");
        trailers.put(CULPRIT, culprit);
        return Status.ABORTED.withDescription(abort.reason()).asRuntimeException(trailers);
    }

    private static final class IgnoreReply implements StreamObserver<Ack> {
        @Override
        public void onNext(Ack value) {
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
        }
    }

    private static final Ack ACK = Ack.newBuilder().setVersion(RoundMessages.VERSION).build();

    /** The party's server side: every handler identifies the caller by its certificate first. */
    private final class Service extends MpcPartyGrpc.MpcPartyImplBase {

        @Override
        public void deliver(RoundMessage request, StreamObserver<Ack> reply) {
            int sender = callerParty();
            if (sender < 0) {
                reply.onError(Status.PERMISSION_DENIED.withDescription("only the parties of this session may send rounds")
                        .asRuntimeException());
                return;
            }
            long[] payload;
            try {
                payload = RoundMessages.decode(request, session, n, sender);
            } catch (MalformedInputException e) {
                reject(sender, "malformed round message from party '" + name(sender) + "': " + e.getMessage(), reply);
                return;
            }
            synchronized (lock) {
                if (abort != null) {
                    reply.onError(abortedStatus());
                    return;
                }
                long round = request.getRound();
                if (round <= completedRound || round > completedRound + WINDOW) {
                    reject(sender, "party '" + name(sender) + "' sent round " + round + " while this party is at round "
                            + (completedRound + 1), reply);
                    return;
                }
                if (inbox[sender].putIfAbsent(round, payload) != null) {
                    reject(sender, "party '" + name(sender) + "' sent round " + round + " twice", reply);
                    return;
                }
                lock.notifyAll();
            }
            reply.onNext(ACK);
            reply.onCompleted();
        }

        @Override
        public void submitInput(ClientInput request, StreamObserver<Ack> reply) {
            String client = PeerIdentity.current().orElse("");
            if (!config.clients().contains(client)) {
                reply.onError(Status.PERMISSION_DENIED.withDescription("'" + client
                        + "' is not a client of this session").asRuntimeException());
                return;
            }
            try {
                RoundMessages.checkLabel(request.getLabel(), "ClientInput.label");
            } catch (MalformedInputException e) {
                reply.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
                return;
            }
            String key = client + "\u0000" + request.getLabel();
            synchronized (lock) {
                if (abort != null) {
                    reply.onError(abortedStatus());
                    return;
                }
                if (clientInputs.containsKey(key) || clientFailures.containsKey(key)) {
                    reply.onError(Status.ALREADY_EXISTS.withDescription("input '" + request.getLabel()
                            + "' was already submitted").asRuntimeException());
                    return;
                }
                try {
                    clientInputs.put(key, RoundMessages.decodeInput(request, session));
                } catch (MalformedInputException e) {
                    clientFailures.put(key, "malformed input '" + request.getLabel() + "' from client '" + client
                            + "': " + e.getMessage());
                    lock.notifyAll();
                    reply.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
                    return;
                }
                lock.notifyAll();
            }
            reply.onNext(ACK);
            reply.onCompleted();
        }

        @Override
        public void abort(AbortNotice request, StreamObserver<Ack> reply) {
            int sender = callerParty();
            try {
                if (sender < 0) {
                    throw new MalformedInputException("AbortNotice", "caller is not a party of this session");
                }
                RoundMessages.checkAbort(request, session, n);
                if (request.getSender() != sender) {
                    throw new MalformedInputException("AbortNotice.sender", "does not match the TLS certificate");
                }
            } catch (MalformedInputException e) {
                reply.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
                return;
            }
            String culprit = request.getCulprit().isEmpty() ? null : request.getCulprit();
            abortLocally(culprit, "party '" + name(sender) + "' aborted: " + request.getReason(), false);
            reply.onNext(ACK);
            reply.onCompleted();
        }

        private int callerParty() {
            String caller = PeerIdentity.current().orElse("");
            int index = config.indexOf(caller);
            return index == self ? -1 : index;
        }

        private void reject(int culprit, String reason, StreamObserver<Ack> reply) {
            abortLocally(name(culprit), reason, true);
            Metadata trailers = new Metadata();
            trailers.put(CULPRIT, name(culprit));
            reply.onError(Status.INVALID_ARGUMENT.withDescription(reason).asRuntimeException(trailers));
        }
    }
}
