package org.veilgrid.mpc.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.grpc.ChannelCredentials;
import io.grpc.ClientInterceptor;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.core.federation.IdentityFolder;
import org.veilgrid.core.federation.Roster;
import org.veilgrid.core.federation.RosterCheck;
import org.veilgrid.core.text.SafeText;
import org.veilgrid.core.tls.MutualTls;
import org.veilgrid.mpc.field.ShamirScheme;
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
 * party to blame, or saying that this party cannot tell: a peer whose message is malformed or has
 * the wrong size, a peer that cannot be reached, a peer whose connection is lost and cannot be
 * re-established (watched all the time, with HTTP/2 keep-alive for connections that die
 * silently), a peer from which nothing arrives within the timeout. The party that detects the
 * fault sends an {@link AbortNotice} naming the culprit to every peer, and {@link #close} waits
 * (briefly) until the peers have acknowledged it, so that a party that aborts and exits is never
 * taken for the one that stopped. Any later message is answered with {@code ABORTED} and the
 * culprit in the {@value #CULPRIT_HEADER} trailer. A relayed report keeps the culprit it names;
 * a report that names this party itself, or reports that contradict each other within a short
 * settling time, end in an abort without a culprit ("cannot tell") rather than one that blames a
 * bystander.
 *
 * <p><b>Limits.</b> Inbound messages are at most the largest message the protocol sends
 * ({@link RoundMessages#MAX_ELEMENTS} elements); a larger round payload travels as up to
 * {@link RoundMessages#MAX_PARTS} messages, one after the other; a connection may carry at most
 * {@value #MAX_CALLS_PER_CONNECTION} calls at once; a call from a caller that may not make it (a
 * client delivering rounds, a party submitting inputs, a stranger) is refused when its headers
 * arrive, before its message is read; a client may have at most
 * {@value #MAX_PENDING_INPUTS_PER_CLIENT} delivered, unread inputs.
 */
public final class PartyNetwork implements MpcNetwork {

    /** Rounds a peer may run ahead of this party. */
    public static final int WINDOW = 1024;

    /** Trailer that carries the culprit's name on an {@code ABORTED}/{@code INVALID_ARGUMENT} reply. */
    public static final String CULPRIT_HEADER = "veil-culprit";

    static final Metadata.Key<String> CULPRIT = Metadata.Key.of(CULPRIT_HEADER, Metadata.ASCII_STRING_MARSHALLER);

    /** Flow-control window: large, so that megabyte rounds are not throttled by window updates. */
    private static final int FLOW_WINDOW = 32 << 20;
    /**
     * The largest message the protocol sends: {@link RoundMessages#MAX_ELEMENTS} elements plus the
     * few header fields of a round message or client input (an abort notice is far smaller).
     */
    static final int MAX_INBOUND = RoundMessages.MAX_ELEMENTS * Mersenne127.BYTES + 4096;
    /**
     * Calls one connection may have open at once. A party has at most one round message and one
     * abort notice in flight to a peer; a client submits its inputs one at a time.
     */
    public static final int MAX_CALLS_PER_CONNECTION = 4;
    /** Inputs a client may have delivered that the program has not read yet. */
    public static final int MAX_PENDING_INPUTS_PER_CLIENT = 8;
    /** HTTP/2 keep-alive: a silent connection is pinged this often, and dropped if unanswered. */
    private static final long KEEPALIVE_SECONDS = 10;
    /** Peers may ping this often (a little more often than they do). */
    private static final long PERMIT_KEEPALIVE_SECONDS = 5;
    /** How long a peer that was connected may stay disconnected before it is taken as gone. */
    private static final long RECONNECT_GRACE_MS = 5_000;
    /** After the first report of an abort, how long to collect other parties' reports. */
    private static final long SETTLE_MS = 500;
    /** The longest an abort notice may take; {@link #close} waits at most this for them. */
    private static final long NOTICE_MS = 5_000;

    /** Timers for peers whose connection dropped (one daemon thread for every network). */
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mpc-peer-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final PartiesConfig config;
    private final int self;
    private final int n;
    private final long session;
    private final long timeoutNanos;
    private final TlsIdentity identity;
    private final NetworkStats stats = new NetworkStats();

    private final Object lock = new Object();
    /** The run's sharing, for checking clients' dealings. */
    private final ShamirScheme scheme;
    private final Map<Long, long[]>[] inbox;
    /** Each peer's certificate key, as its first round message came with (checking what it signed). */
    private final PublicKey[] peerKeys;
    /** Rounds whose payload comes in several messages, until the last part arrives; by sender. */
    private final Map<Long, PartialRound>[] partialRounds;
    private final Map<String, ClientDealing.Received> clientInputs = new HashMap<>();
    private final Map<String, String> clientFailures = new HashMap<>();
    private long completedRound;
    /** Round messages sent to each peer and not yet acknowledged. */
    private final int[] pendingAcks;

    /** The first report of an abort (its culprit may be null); {@code null} while running. */
    private ProtocolAbortException firstReport;
    /** When other parties' reports stop counting towards the culprit (System.nanoTime()). */
    private long settlesAt;
    /** A later report by another party that names a different culprit, if any. */
    private String contradiction;
    /** The first report named this party (so it says "cannot tell"). */
    private boolean namedByPeer;
    /** Having been named, this party has told its peers of a fault it found itself. */
    private boolean answered;
    /** The abort as finally attributed (after the settling time); what every caller sees. */
    private ProtocolAbortException abort;

    /** Peers that have acknowledged a message or accepted a connection: until then, a call waits for the peer to come up. */
    private final boolean[] reached;
    /** Peers whose channel was READY at least once: losing that connection is watched. */
    private final boolean[] connected;
    /** When the connection to each peer dropped (System.nanoTime()), or 0 while it is up. */
    private final long[] lostSince;
    /** Abort notices sent and not yet answered. */
    private int pendingNotices;
    /** The protocol is over ({@link #finished}) or the network is closing: peers may leave. */
    private boolean quiet;
    /** Where the server binds, when not at this party's own address ({@link #listenOn}). */
    private InetSocketAddress listenAddress;
    /** The federation's roster, when every call must carry its digest ({@link #requireRoster}). */
    private Roster roster;
    /** gRPC interceptors on the calls to peers, added before {@link #start()}. */
    private final List<ClientInterceptor> outgoingInterceptors = new ArrayList<>();
    /** The application's own services on this party's port ({@link #addService}). */
    private final List<BindableService> services = new ArrayList<>();
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
        this.scheme = new ShamirScheme(n, config.threshold());
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(config.timeoutMs());
        this.reached = new boolean[n];
        this.connected = new boolean[n];
        this.lostSince = new long[n];
        this.pendingAcks = new int[n];
        this.inbox = new Map[n];
        this.partialRounds = new Map[n];
        this.peerKeys = new PublicKey[n];
        for (int j = 0; j < n; j++) {
            inbox[j] = new HashMap<>();
            partialRounds[j] = new HashMap<>();
        }
    }

    /** The parts of one round's payload from one sender, received in order. */
    private static final class PartialRound {
        final long[][] chunks;
        int next;

        PartialRound(int parts) {
            chunks = new long[parts][];
        }

        long[] join() {
            int length = 0;
            for (long[] c : chunks) {
                length += c.length;
            }
            long[] whole = new long[length];
            int at = 0;
            for (long[] c : chunks) {
                System.arraycopy(c, 0, whole, at, c.length);
                at += c.length;
            }
            return whole;
        }
    }

    /**
     * The network of a compute party of a federation: the run is the one the roster describes
     * ({@link PartiesConfig#fromRoster}), the party is the owner of {@code me}, TLS trusts exactly
     * the roster's certificates, and every call carries the roster's digest. No other
     * participant's key is read or needed.
     *
     * @throws ParameterException if {@code me} is not a compute party of the roster, or its
     *         certificate is not the roster's
     */
    public static PartyNetwork ofRoster(Roster roster, IdentityFolder me, int timeoutMs) {
        return ofRoster(roster, me, PartiesConfig.fromRoster(roster, timeoutMs));
    }

    /**
     * As {@link #ofRoster(Roster, IdentityFolder, int)} for a run of the roster with its own
     * session id, e.g. one auction among the roster's participants
     * ({@code PartiesConfig.fromRoster(roster, timeoutMs).withSession(...)}).
     *
     * @throws ParameterException also if {@code config} does not list the roster's compute parties
     */
    public static PartyNetwork ofRoster(Roster roster, IdentityFolder me, PartiesConfig config) {
        PartiesConfig.requireFromRoster(config, roster);
        String name = me.card().name();
        int index = config.indexOf(name);
        if (index < 0) {
            throw new ParameterException("'" + name + "' is not a compute party of the roster ("
                    + roster.shortDigest() + ")");
        }
        return new PartyNetwork(config, index, roster.trust(me.tls())).requireRoster(roster);
    }

    /**
     * Starts this party's server, opens a channel to every peer and starts connecting to them, so
     * that a peer that goes away is noticed whatever this party is waiting for.
     */
    public PartyNetwork start() {
        PartyAddress me = config.party(self);
        InetSocketAddress bind = listenAddress != null ? listenAddress : new InetSocketAddress(me.socketHost(), me.port());
        try {
            NettyServerBuilder builder = NettyServerBuilder.forAddress(bind,
                            MutualTls.serverCredentials(identity))
                    // Added last, runs first: the caller's certificate name is known in the check.
                    .intercept(new CallerCheck())
                    .intercept(PeerIdentity.interceptor());
            if (roster != null) {
                builder.intercept(RosterCheck.server(roster)); // first of all: another federation is not heard
                // ... but a peer party holding another roster is noticed before it is turned away:
                // the run cannot go on, and this party may never call that peer itself (a party that
                // only receives in a round would otherwise blame the first peer to leave).
                builder.intercept(new RosterMismatchWatch());
            }
            server = builder
                    .flowControlWindow(FLOW_WINDOW)
                    .maxInboundMessageSize(MAX_INBOUND)
                    .maxConcurrentCallsPerConnection(MAX_CALLS_PER_CONNECTION)
                    .keepAliveTime(KEEPALIVE_SECONDS, TimeUnit.SECONDS)
                    .keepAliveTimeout(KEEPALIVE_SECONDS, TimeUnit.SECONDS)
                    .permitKeepAliveTime(PERMIT_KEEPALIVE_SECONDS, TimeUnit.SECONDS)
                    .permitKeepAliveWithoutCalls(true)
                    .addService(new Service())
                    .addServices(services.stream().map(BindableService::bindService).toList())
                    .build()
                    .start();
        } catch (IOException e) {
            // Netty's own message only says it failed to bind; the root cause says why.
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String why = SafeText.abbreviate(String.valueOf(root.getMessage()), 200);
            throw new ParameterException("party " + me.name() + " cannot listen on " + bind.getHostString() + ":"
                    + bind.getPort() + " (" + why + ")" + (why.contains("already in use")
                    ? ": another process holds it; is " + me.name() + " already running there?" : ""), e);
        }
        channels = new ManagedChannel[n];
        stubs = new MpcPartyGrpc.MpcPartyStub[n];
        for (int j = 0; j < n; j++) {
            if (j == self) {
                continue;
            }
            PartyAddress peer = config.party(j);
            // A wrong certificate at a peer's address fails only the handshake; a round waiting
            // for that peer to come up would not see it before its deadline. Stop at once instead.
            ChannelCredentials credentials = MutualTls.channelCredentials(identity, peer.name(),
                    wrong -> abortLocally(peer.name(), "party '" + peer.name() + "' at " + peer.host() + ":" + peer.port()
                            + " did not answer as itself: " + wrong.getMessage(), true));
            channels[j] = dial(peer, credentials)
                    .flowControlWindow(FLOW_WINDOW)
                    .maxInboundMessageSize(MAX_INBOUND)
                    .keepAliveTime(KEEPALIVE_SECONDS, TimeUnit.SECONDS)
                    .keepAliveTimeout(KEEPALIVE_SECONDS, TimeUnit.SECONDS)
                    .keepAliveWithoutCalls(true)
                    .intercept(outgoingInterceptors)
                    .intercept(roster == null ? List.of() : List.of(RosterCheck.client(roster, peer.name())))
                    .build();
            stubs[j] = MpcPartyGrpc.newStub(channels[j]);
        }
        for (int j = 0; j < n; j++) {
            if (j != self) {
                watch(j);
            }
        }
        return this;
    }

    /**
     * A channel builder to party {@code p}: to its card's address when it has one (no name
     * lookup), with the host name kept as the authority that TLS checks.
     */
    static NettyChannelBuilder dial(PartyAddress p, ChannelCredentials credentials) {
        NettyChannelBuilder channel = NettyChannelBuilder.forAddress(p.socketHost(), p.port(), credentials);
        if (!p.address().isEmpty()) {
            channel.overrideAuthority(p.host() + ":" + p.port());
        }
        return channel;
    }

    /** This party's index. */
    @Override
    public int self() {
        return self;
    }

    /** n. */
    @Override
    public int parties() {
        return n;
    }

    /** The run's configuration. */
    @Override
    public String partyName(int i) {
        return config.party(i).name();
    }

    @Override
    public int threshold() {
        return config.threshold();
    }

    public PartiesConfig config() {
        return config;
    }

    /** Traffic counters. */
    @Override
    public NetworkStats stats() {
        return stats;
    }

    /** The port the server listens on. */
    public int port() {
        return server.getPort();
    }

    /**
     * Binds the server to {@code address} instead of the party's advertised host and port (e.g.
     * {@code 0.0.0.0:7000} behind a NAT or load balancer that forwards the advertised address).
     *
     * @return this network
     * @throws IllegalStateException once the network has started
     */
    public PartyNetwork listenOn(InetSocketAddress address) {
        Objects.requireNonNull(address, "address");
        if (channels != null) {
            throw new IllegalStateException("the listening address is set before start()");
        }
        this.listenAddress = address;
        return this;
    }

    /**
     * Makes every call to and from this party carry the digest of {@code roster}
     * ({@link RosterCheck}): a peer or client holding another roster is refused, and a party
     * whose peer holds another one aborts naming it.
     *
     * @return this network
     * @throws IllegalStateException once the network has started
     */
    public PartyNetwork requireRoster(Roster roster) {
        Objects.requireNonNull(roster, "roster");
        if (channels != null) {
            throw new IllegalStateException("the roster is set before start()");
        }
        this.roster = roster;
        return this;
    }

    /**
     * Serves {@code service} on this party's port too, e.g. an application's exchange with its
     * clients around the computation (the auction's order desk). Its calls pass the same TLS and
     * roster checks as the party's own; which caller may call which method is the service's own
     * check ({@link PeerIdentity#current()} names the caller).
     *
     * @return this network
     * @throws IllegalStateException once the network has started
     */
    public PartyNetwork addService(BindableService service) {
        Objects.requireNonNull(service, "service");
        if (channels != null) {
            throw new IllegalStateException("services are added before start()");
        }
        services.add(service);
        return this;
    }

    /**
     * Adds a gRPC client interceptor to every call this party makes to its peers (tracing,
     * metrics, or a test's faulty wire). The first added runs closest to the caller.
     *
     * @return this network
     * @throws IllegalStateException once the network has started
     */
    public PartyNetwork interceptOutgoing(ClientInterceptor interceptor) {
        Objects.requireNonNull(interceptor, "interceptor");
        if (channels != null) {
            throw new IllegalStateException("interceptors are added before start()");
        }
        outgoingInterceptors.add(interceptor);
        return this;
    }

    /**
     * Runs one round: sends {@code outgoing[j]} (a packed vector, or {@code null} for nothing) to
     * each peer j and returns what each peer j with {@code expected[j] >= 0} sent, which must be
     * exactly {@code expected[j]} elements.
     *
     * @param round the round id, one more than the last completed round
     * @throws ProtocolAbortException if this or any party aborts, naming the culprit
     */
    @Override
    public long[][] exchange(long round, long[][] outgoing, int[] expected) {
        synchronized (lock) {
            throwIfAborted();
            if (round != completedRound + 1) {
                throw new IllegalStateException("round " + round + " follows round " + completedRound);
            }
        }
        List<List<RoundMessage>> messages = new ArrayList<>(n);
        long[] lastPayload = null;
        List<RoundMessage> lastMessages = null;
        for (int j = 0; j < n; j++) {
            List<RoundMessage> m = null;
            if (j != self && outgoing[j] != null) {
                // The same vector often goes to every peer (a multiplication's masked shares): encode once.
                m = outgoing[j] == lastPayload ? lastMessages
                        : RoundMessages.encodeParts(session, round, self, outgoing[j], outgoing[j].length / 2);
                lastPayload = outgoing[j];
                lastMessages = m;
            }
            messages.add(m);
        }
        for (int j = 0; j < n; j++) {
            if (messages.get(j) == null) {
                continue;
            }
            synchronized (lock) {
                pendingAcks[j]++;
            }
            deliverPart(j, round, messages.get(j), 0);
        }
        long deadline = System.nanoTime() + timeoutNanos;
        long[][] received = new long[n][];
        synchronized (lock) {
            while (true) {
                throwIfAborted();
                int missing = -1;
                int unacknowledged = 0;
                int unacknowledgedPeer = -1;
                for (int j = 0; j < n; j++) {
                    if (j != self && expected[j] >= 0 && !inbox[j].containsKey(round) && missing < 0) {
                        missing = j;
                    }
                    if (pendingAcks[j] > 0) {
                        unacknowledged++;
                        unacknowledgedPeer = j;
                    }
                }
                if (missing < 0 && unacknowledged == 0) {
                    break;
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    int silent = missing >= 0 ? missing : unacknowledged == 1 ? unacknowledgedPeer : -1;
                    if (silent >= 0 && !connected[silent]) {
                        abortLocally(name(silent), neverReached(silent), true);
                    } else if (missing >= 0) {
                        abortLocally(name(missing), "nothing arrived from party '" + name(missing)
                                + "' for round " + round + " within " + config.timeoutMs() + " ms", true);
                    } else if (unacknowledged == 1) {
                        abortLocally(name(unacknowledgedPeer), "party '" + name(unacknowledgedPeer)
                                + "' did not acknowledge round " + round + " within " + config.timeoutMs() + " ms", true);
                    } else {
                        abortLocally(null, unacknowledged + " peers did not acknowledge round " + round + " within "
                                + config.timeoutMs() + " ms", true);
                    }
                    throwIfAborted();
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
                    throwIfAborted();
                }
                received[j] = payload;
            }
            completedRound = round;
        }
        stats.rounds.incrementAndGet();
        return received;
    }

    @Override
    public long session() {
        return session;
    }

    @Override
    public byte[] sign(byte[] message) {
        return ClientDealing.sign(identity.privateKey(), message);
    }

    @Override
    public PublicKey partyKey(int i) {
        if (i == self) {
            return identity.certificate().getPublicKey();
        }
        synchronized (lock) {
            return peerKeys[i];
        }
    }

    /**
     * Sends part {@code k} of a round's messages to {@code peer}, and the next part once the peer
     * acknowledged it: a peer has at most one round call from this party open at a time. The
     * peer's pending acknowledgement (counted once per round) ends with the last part.
     */
    private void deliverPart(int peer, long round, List<RoundMessage> parts, int k) {
        RoundMessage message = parts.get(k);
        stats.messagesSent.incrementAndGet();
        stats.bytesSent.addAndGet(message.getSerializedSize());
        MpcPartyGrpc.MpcPartyStub stub = stubs[peer].withDeadlineAfter(timeoutNanos, TimeUnit.NANOSECONDS);
        boolean seen;
        synchronized (lock) {
            seen = reached[peer];
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
                    pendingAcks[peer]--;
                    lock.notifyAll();
                }
                onSendFailure(peer, round, t);
            }

            @Override
            public void onCompleted() {
                boolean last = k + 1 == parts.size();
                synchronized (lock) {
                    reached[peer] = true;
                    if (last) {
                        pendingAcks[peer]--;
                    }
                    lock.notifyAll();
                }
                if (!last) {
                    deliverPart(peer, round, parts, k + 1);
                }
            }
        });
    }

    /**
     * Waits for an outside client's shares of input {@code label}: exactly {@code count}
     * elements, within the timeout.
     */
    @Override
    public ClientDealing.Received awaitClientInput(String client, String label, int count) {
        String key = client + "\u0000" + label;
        long deadline = System.nanoTime() + timeoutNanos;
        synchronized (lock) {
            while (true) {
                throwIfAborted();
                String failure = clientFailures.get(key);
                if (failure != null) {
                    abortLocally(client, failure, true);
                    throwIfAborted();
                }
                ClientDealing.Received shares = clientInputs.remove(key);
                if (shares != null) {
                    if (shares.values().length / 2 != count) {
                        abortLocally(client, "client '" + client + "' sent " + shares.values().length / 2
                                + " elements for input '" + label + "' where " + count + " were due", true);
                        throwIfAborted();
                    }
                    return shares;
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    abortLocally(client, "client '" + client + "' sent no input '" + label + "' within "
                            + config.timeoutMs() + " ms", true);
                    throwIfAborted();
                }
                waitOn(remaining);
            }
        }
    }

    /**
     * Aborts this party (if it has not already) and tells every peer; returns the abort as
     * attributed after other parties' reports have settled (at most a fraction of a second), which
     * later calls throw.
     */
    @Override
    public ProtocolAbortException abort(String culprit, String reason) {
        synchronized (lock) {
            abortLocally(culprit, reason, true);
            return settledAbort();
        }
    }

    /** The abort this party is in, if any (once its culprit has settled). */
    @Override
    public ProtocolAbortException aborted() {
        synchronized (lock) {
            return firstReport == null ? null : settledAbort();
        }
    }

    /**
     * The protocol is over (every output is final): from now on a peer that disconnects is not a
     * fault. {@code MpcSession.finish} calls this after its farewell round.
     */
    @Override
    public void finished() {
        synchronized (lock) {
            quiet = true;
        }
    }

    /**
     * Closes the server and the channels, after waiting (at most a few seconds) until every abort
     * notice this party sent has been answered: a party that aborts and leaves at once must not
     * look to its peers like a party that stopped.
     */
    @Override
    public void close() {
        synchronized (lock) {
            quiet = true;
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(NOTICE_MS);
            while (pendingNotices > 0 && waitOnLockUntil(end)) {
                // each answered notice wakes this wait
            }
        }
        if (channels != null) {
            for (ManagedChannel c : channels) {
                if (c != null) {
                    c.shutdownNow();
                }
            }
        }
        if (server != null) {
            // Gracefully first: an answer already handed to gRPC (an added service's reply, the
            // ack of a last round) is still being written; cutting the calls now would cancel it.
            server.shutdown();
            try {
                if (!server.awaitTermination(CLOSE_GRACE_MS, TimeUnit.MILLISECONDS)) {
                    server.shutdownNow();
                    server.awaitTermination(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                server.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** How long {@link #close()} lets calls in flight finish before it cuts them. */
    private static final long CLOSE_GRACE_MS = 2_000;

    /**
     * Caller holds {@link #lock}: waits on it until notified or until {@code deadline} (a
     * {@link System#nanoTime()} value).
     *
     * @return false once the deadline has passed or the thread was interrupted (its flag kept)
     */
    private boolean waitOnLockUntil(long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        try {
            TimeUnit.NANOSECONDS.timedWait(lock, left);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String name(int party) {
        return config.party(party).name();
    }

    /** Caller holds {@link #lock}. Throws the settled abort, if there is one. */
    private void throwIfAborted() {
        if (firstReport != null) {
            throw settledAbort();
        }
    }

    /**
     * Caller holds {@link #lock} and {@link #firstReport} is set: waits out the settling time,
     * then fixes the culprit once (contradicting reports: none).
     */
    private ProtocolAbortException settledAbort() {
        while (abort == null && waitOnLockUntil(settlesAt)) {
            // a late report may still arrive while the abort settles
        }
        if (abort == null) {
            abort = contradiction == null ? firstReport
                    : new ProtocolAbortException(null, "the parties disagree on whom to blame: " + firstReport.getMessage()
                            + "; but " + contradiction);
        }
        return abort;
    }

    private void waitOn(long nanos) {
        try {
            TimeUnit.NANOSECONDS.timedWait(lock, Math.max(1, nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abortLocally(null, "party '" + name(self) + "' was interrupted", true);
            throwIfAborted();
        }
    }

    /**
     * This party's own finding: the first one starts the abort (and, with {@code notifyPeers},
     * tells every peer); later ones change nothing, since they follow from the abort spreading.
     */
    private void abortLocally(String culprit, String reason, boolean notifyPeers) {
        report(culprit, reason, notifyPeers, null);
    }

    /**
     * Records a report of an abort. {@code reporter} is the party whose word it is (an abort
     * notice, an {@code ABORTED} reply), or {@code null} for this party's own finding.
     * <ul>
     *   <li>A report naming this party is taken as "cannot tell": this party knows it did not
     *       stop, but not which of the two is at fault.</li>
     *   <li>The first report starts the abort; with {@code notifyPeers} every peer is told.</li>
     *   <li>While the abort settles, another party's report naming a different culprit leaves the
     *       abort without one: two parties disagree and this one cannot know who is right. A
     *       report that names a culprit replaces an earlier one from a party that could not
     *       tell, so the outcome does not depend on which arrived first.</li>
     *   <li>A party that was named by another and then finds a fault of its own tells its peers
     *       too, so that a bystander hears both sides rather than only the first accusation.</li>
     * </ul>
     */
    private void report(String culprit, String reason, boolean notifyPeers, String reporter) {
        AbortNotice notice = null;
        synchronized (lock) {
            boolean namesSelf = culprit != null && culprit.equals(name(self));
            if (namesSelf) {
                culprit = null;
                reason = "this party is named by " + (reporter == null ? "a peer" : "party '" + reporter + "'")
                        + ", which it cannot confirm: " + reason;
            }
            long now = System.nanoTime();
            if (firstReport == null) {
                firstReport = new ProtocolAbortException(culprit, reason);
                namedByPeer = namesSelf;
                settlesAt = now + TimeUnit.MILLISECONDS.toNanos(SETTLE_MS);
                lock.notifyAll();
                if (notifyPeers) {
                    notice = notice(culprit, reason);
                }
            } else if (abort == null && now < settlesAt && culprit != null) {
                if (reporter != null && !namedByPeer && firstReport.culprit().isEmpty()) {
                    // The first word came from a party that could not tell (it was named itself,
                    // or saw only a closed link); a report that names the culprit stands instead,
                    // whichever of the two messages happened to arrive first.
                    firstReport = new ProtocolAbortException(culprit, reason);
                } else if (reporter != null && contradiction == null && firstReport.culprit().isPresent()
                        && !culprit.equals(firstReport.culprit().get())) {
                    contradiction = "party '" + reporter + "' names party '" + culprit + "'";
                }
                if (reporter == null && namedByPeer && !answered) {
                    answered = true;
                    notice = notice(culprit, reason);
                }
            }
        }
        if (notice != null && stubs != null) {
            for (int j = 0; j < n; j++) {
                if (j != self) {
                    stubs[j].withDeadlineAfter(Math.min(timeoutNanos, TimeUnit.MILLISECONDS.toNanos(NOTICE_MS)),
                            TimeUnit.NANOSECONDS).abort(notice, new NoticeReply());
                }
            }
        }
    }

    /** Caller holds {@link #lock}: an abort notice, counted as pending until each peer answers. */
    private AbortNotice notice(String culprit, String reason) {
        if (stubs == null) {
            return null;
        }
        pendingNotices += n - 1;
        return AbortNotice.newBuilder().setVersion(RoundMessages.VERSION).setSession(session)
                .setSender(self).setCulprit(culprit == null ? "" : culprit).setReason(reason).build();
    }

    /**
     * Why a peer this party never connected to is taken as the culprit. Waiting for a peer to come
     * up hides why no connection was made, so the message says what it can be.
     */
    private String neverReached(int peer) {
        PartyAddress p = config.party(peer);
        return "party '" + name(peer) + "' at " + p.host() + ":" + p.port() + " was never reached within "
                + config.timeoutMs() + " ms: it is not running there, or the TLS handshake with it fails (a"
                + " certificate that is not " + (roster != null ? "the roster's" : "from this run's CA") + ")";
    }

    private void onSendFailure(int peer, long round, Throwable t) {
        Status status = Status.fromThrowable(t);
        Metadata trailers = Status.trailersFromThrowable(t);
        String reported = trailers == null ? null : trailers.get(CULPRIT);
        if (reported != null && (status.getCode() == Status.Code.ABORTED
                || status.getCode() == Status.Code.INVALID_ARGUMENT)) {
            // The peer is up and has stopped the protocol: its word for the culprit, not the peer
            // itself (it only relays what it found).
            report(reported.isEmpty() ? null : reported, "party '" + name(peer) + "' stopped the protocol: "
                    + status.getDescription(), false, name(peer));
        } else {
            boolean neverConnected;
            synchronized (lock) {
                neverConnected = !connected[peer];
            }
            if (status.getCode() == Status.Code.DEADLINE_EXCEEDED && neverConnected) {
                abortLocally(name(peer), neverReached(peer), true);
                return;
            }
            boolean refused = status.getCode() == Status.Code.FAILED_PRECONDITION && status.getDescription() != null;
            abortLocally(name(peer), "cannot deliver round " + round + " to party '" + name(peer) + "' ("
                    + status.getCode() + (refused ? ": " + SafeText.abbreviate(status.getDescription(), 200) : "") + ")",
                    true);
        }
    }

    /**
     * Follows the state of the channel to {@code peer}: the first READY marks it reached; a
     * reached peer whose connection is then refused, or stays down for
     * {@value #RECONNECT_GRACE_MS} ms, has stopped, and this party aborts naming it. Requesting
     * the connection each time reconnects a channel that went idle.
     */
    private void watch(int peer) {
        ManagedChannel channel = channels[peer];
        ConnectivityState state = channel.getState(false);
        if (state == ConnectivityState.IDLE) {
            channel.getState(true); // connect now: at start, and again after a dropped connection
        }
        synchronized (lock) {
            if (quiet || firstReport != null || state == ConnectivityState.SHUTDOWN) {
                return;
            }
            switch (state) {
                case READY -> {
                    connected[peer] = true;
                    reached[peer] = true;
                    lostSince[peer] = 0;
                    lock.notifyAll();
                }
                case TRANSIENT_FAILURE -> {
                    if (connected[peer]) {
                        abortLocally(name(peer), "lost the connection to party '" + name(peer)
                                + "', which now refuses to connect", true);
                        return;
                    }
                }
                default -> {
                    if (connected[peer] && lostSince[peer] == 0) {
                        long since = System.nanoTime();
                        lostSince[peer] = since;
                        WATCHDOG.schedule(() -> stillDown(peer, since), RECONNECT_GRACE_MS, TimeUnit.MILLISECONDS);
                    }
                }
            }
        }
        channel.notifyWhenStateChanged(state, () -> watch(peer));
    }

    private void stillDown(int peer, long since) {
        synchronized (lock) {
            if (!quiet && lostSince[peer] == since) {
                abortLocally(name(peer), "lost the connection to party '" + name(peer) + "' and could not reconnect within "
                        + RECONNECT_GRACE_MS + " ms", true);
            }
        }
    }

    private StatusRuntimeException abortedStatus() {
        Metadata trailers = new Metadata();
        String culprit = (abort != null ? abort : firstReport).culprit().orElse("");
        trailers.put(CULPRIT, culprit);
        return Status.ABORTED.withDescription((abort != null ? abort : firstReport).reason()).asRuntimeException(trailers);
    }

    /** Counts an abort notice as answered, however it ends. */
    private final class NoticeReply implements StreamObserver<Ack> {
        @Override
        public void onNext(Ack value) {
        }

        @Override
        public void onError(Throwable t) {
            done();
        }

        @Override
        public void onCompleted() {
            done();
        }

        private void done() {
            synchronized (lock) {
                pendingNotices--;
                lock.notifyAll();
            }
        }
    }

    private static final Ack ACK = Ack.newBuilder().setVersion(RoundMessages.VERSION).build();

    /**
     * Aborts, naming the caller, when a party of this run calls with another roster's digest
     * ({@link RosterCheck#HEADER}); {@link RosterCheck} then refuses the call as it would anyway.
     * Only compute parties of the run count: TLS has already shown the caller's certificate is
     * the roster's, and nobody else's call can stop the run.
     */
    private final class RosterMismatchWatch implements ServerInterceptor {
        private final Metadata.Key<String> header = Metadata.Key.of(RosterCheck.HEADER, Metadata.ASCII_STRING_MARSHALLER);

        @Override
        public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
                                                                     ServerCallHandler<ReqT, RespT> next) {
            String theirs = headers.get(header);
            int caller = config.indexOf(PeerIdentity.of(call).orElse(""));
            if (caller >= 0 && caller != self && !roster.digestHex().equals(theirs)) {
                abortLocally(name(caller), "party '" + name(caller) + "' holds " + describeDigest(theirs)
                        + ", this party holds roster " + roster.shortDigest()
                        + ": the federation's members must hold the same roster", true);
            }
            return next.startCall(call, headers);
        }
    }

    /** A roster digest from a header, as messages name it; never the raw text of a bad header. */
    private static String describeDigest(String digest) {
        if (digest == null) {
            return "no roster";
        }
        return digest.matches("[0-9a-f]{64}") ? "roster " + digest.substring(0, 16) + "…" : "a malformed roster digest";
    }

    /**
     * Refuses a call from a caller that may not make it as soon as its headers arrive, before its
     * message is read: rounds and abort notices only from the other parties, inputs only from the
     * session's clients.
     */
    private final class CallerCheck implements ServerInterceptor {
        @Override
        public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
                                                                     ServerCallHandler<ReqT, RespT> next) {
            if (!MpcPartyGrpc.SERVICE_NAME.equals(call.getMethodDescriptor().getServiceName())) {
                return next.startCall(call, headers); // an added service checks its own callers
            }
            String caller = PeerIdentity.current().orElse("");
            String method = call.getMethodDescriptor().getFullMethodName();
            boolean allowed;
            if (method.equals(MpcPartyGrpc.getSubmitInputMethod().getFullMethodName())) {
                allowed = config.clients().contains(caller);
            } else {
                int index = config.indexOf(caller);
                allowed = index >= 0 && index != self;
            }
            if (!allowed) {
                call.close(Status.PERMISSION_DENIED.withDescription("'" + caller + "' may not call "
                        + call.getMethodDescriptor().getBareMethodName() + " in this session"), new Metadata());
                return new ServerCall.Listener<>() { };
            }
            return next.startCall(call, headers);
        }
    }

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
                if (firstReport != null) {
                    reply.onError(abortedStatus());
                    return;
                }
                long round = request.getRound();
                if (round <= completedRound || round > completedRound + WINDOW) {
                    reject(sender, "party '" + name(sender) + "' sent round " + round + " while this party is at round "
                            + (completedRound + 1), reply);
                    return;
                }
                if (peerKeys[sender] == null) {
                    peerKeys[sender] = PeerIdentity.currentCertificate().map(X509Certificate::getPublicKey).orElse(null);
                }
                if (inbox[sender].containsKey(round)) {
                    reject(sender, "party '" + name(sender) + "' sent round " + round + " twice", reply);
                    return;
                }
                int parts = RoundMessages.parts(request);
                PartialRound partial = partialRounds[sender].get(round);
                if (partial == null && parts == 1) {
                    inbox[sender].put(round, payload);
                } else {
                    int next = partial == null ? 0 : partial.next;
                    if (request.getPart() != next || (partial != null && partial.chunks.length != parts)) {
                        reject(sender, "party '" + name(sender) + "' sent part " + request.getPart() + " of " + parts
                                + " of round " + round + " where part " + next
                                + (partial == null ? "" : " of " + partial.chunks.length) + " was due", reply);
                        return;
                    }
                    if (partial == null) {
                        partial = new PartialRound(parts);
                        partialRounds[sender].put(round, partial);
                    }
                    partial.chunks[partial.next++] = payload;
                    if (partial.next == parts) {
                        partialRounds[sender].remove(round);
                        inbox[sender].put(round, partial.join());
                    }
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
                if (firstReport != null) {
                    reply.onError(abortedStatus());
                    return;
                }
                if (clientInputs.containsKey(key) || clientFailures.containsKey(key)) {
                    reply.onError(Status.ALREADY_EXISTS.withDescription("input '" + request.getLabel()
                            + "' was already submitted").asRuntimeException());
                    return;
                }
                String prefix = client + "\u0000";
                long unread = clientInputs.keySet().stream().filter(k -> k.startsWith(prefix)).count();
                if (unread >= MAX_PENDING_INPUTS_PER_CLIENT) {
                    reply.onError(Status.RESOURCE_EXHAUSTED.withDescription("client '" + client + "' already has "
                            + unread + " inputs waiting to be read").asRuntimeException());
                    return;
                }
                try {
                    long[] withMask = RoundMessages.decodeInput(request, session);
                    PublicKey clientKey = PeerIdentity.currentCertificate().map(X509Certificate::getPublicKey).orElse(null);
                    clientInputs.put(key, ClientDealing.check(request, withMask, session, client, self, scheme, clientKey));
                } catch (MalformedInputException e) {
                    clientFailures.put(key, "input '" + request.getLabel() + "' from client '" + client
                            + "' fails the dealing checks: " + e.getMessage());
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
            // The notice's culprit stands as reported: the sender relays what it found.
            String culprit = request.getCulprit().isEmpty() ? null : request.getCulprit();
            report(culprit, "party '" + name(sender) + "' aborted: " + request.getReason(), false, name(sender));
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
