package org.veilgrid.grid.node;

import io.grpc.ChannelCredentials;
import io.grpc.EquivalentAddressGroup;
import io.grpc.Grpc;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.NameResolverRegistry;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.federation.Card;
import org.veilgrid.core.federation.IdentityFolder;
import org.veilgrid.core.federation.Role;
import org.veilgrid.core.federation.Roster;
import org.veilgrid.core.federation.RosterCheck;
import org.veilgrid.core.tls.PeerIdentity;
import org.veilgrid.core.tls.TlsIdentity;
import org.veilgrid.grid.wire.ByteCompletionGrpc;

/**
 * Grid nodes and clients of a federation: who is who comes from the roster's cards, not from a
 * setup folder. A node's promise key is its card's agent key (so clients pin it from the roster),
 * TLS trusts exactly the roster's certificates, and every call carries the roster digest
 * ({@link RosterCheck}).
 *
 * <p><b>Replicas.</b> A node may run as several stateless processes of one participant (the same
 * identity folder on each replica host), its card listing each replica's IP address (up to
 * {@link Card#MAX_ADDRESSES}). A client dials every address with grpc-java's {@code round_robin}
 * policy, TLS checking the card's host name on each, and retries a call that fails with
 * {@code UNAVAILABLE} (a replica that went away) on another replica, up to {@link #MAX_ATTEMPTS}
 * attempts in all. A card without addresses is dialled by its host name, and round-robin then
 * spreads over every address DNS returns for it.
 */
public final class GridRoster {
    /** Attempts per call (the first and its retries); gRPC's own cap is 5. */
    public static final int MAX_ATTEMPTS = 5;
    /**
     * The most request bytes a channel keeps per call to resend it on another replica: above the
     * largest encrypted query (64 ciphertexts of about 256 KiB). A larger request is not retried.
     */
    static final long RETRY_BYTES_PER_CALL = 24L << 20;
    /** The most request bytes a channel keeps for retries across all its calls in flight. */
    static final long RETRY_BYTES_PER_CHANNEL = 64L << 20;
    private static final String SCHEME = "veilgrid-card";

    private GridRoster() {
    }

    /**
     * The card of the grid node named {@code name} in {@code roster}, or of its only grid node
     * when {@code name} is null.
     *
     * @throws ParameterException if there is no such grid node, or {@code name} is null and the
     *         roster lists none or several
     */
    public static Card node(Roster roster, String name) {
        if (name == null) {
            List<Card> nodes = roster.cards(Role.GRID_NODE);
            if (nodes.size() != 1) {
                throw new ParameterException("the roster (" + roster.shortDigest() + ") lists " + nodes.size()
                        + " grid nodes" + (nodes.isEmpty() ? "" : " (" + String.join(", ", nodes.stream().map(Card::name).toList())
                        + "): name the one to ask"));
            }
            return nodes.get(0);
        }
        Card card = roster.card(name).orElseThrow(() -> new ParameterException("'" + name
                + "' is not in the roster (" + roster.shortDigest() + ")"));
        if (card.statement().role() != Role.GRID_NODE) {
            throw new ParameterException("'" + name + "' is a " + card.statement().role().label() + " of the roster ("
                    + roster.shortDigest() + "), not a grid node");
        }
        return card;
    }

    /**
     * The TLS identity of {@code me} trusting exactly the roster's certificates, after checking
     * that {@code me} is in the roster as {@code role}, with the roster's certificate and agent
     * key for its name.
     *
     * @throws ParameterException otherwise, naming {@code me} and the roster
     */
    public static TlsIdentity member(Roster roster, IdentityFolder me, Role role) {
        String name = me.card().name();
        Card listed = roster.card(name).orElseThrow(() -> new ParameterException("'" + name + "' is not in the roster ("
                + roster.shortDigest() + ")"));
        if (listed.statement().role() != role) {
            throw new ParameterException("'" + name + "' is a " + listed.statement().role().label() + " of the roster ("
                    + roster.shortDigest() + "), not a " + role.label());
        }
        TlsIdentity trusted = roster.trust(me.tls());
        if (!listed.statement().agent().equals(me.agentKey().publicKey())) {
            // Clients pin the roster's key: a node signing with another would have every promise judged wrong-node.
            throw new ParameterException("the roster's agent key for '" + name + "' is not the one in this identity folder");
        }
        return trusted;
    }

    /**
     * A server interceptor letting through only the roster's grid clients (by the name in their
     * verified certificate); any other member is refused with {@code PERMISSION_DENIED}.
     */
    static ServerInterceptor gridClientsOnly(Roster roster) {
        return new ServerInterceptor() {
            @Override
            public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                               ServerCallHandler<Q, A> next) {
                String caller = PeerIdentity.of(call).orElse(null);
                Role role = caller == null ? null : roster.card(caller).map(c -> c.statement().role()).orElse(null);
                if (role != Role.GRID_CLIENT) {
                    call.close(Status.PERMISSION_DENIED.withDescription((caller == null ? "the caller" : "'" + caller + "'")
                            + (role == null ? " is not in the roster" : " is a " + role.label() + " of the roster")
                            + ": this node serves the roster's grid clients"), new Metadata());
                    return new ServerCall.Listener<>() { };
                }
                return next.startCall(call, headers);
            }
        };
    }

    /** How messages name a node: its name and where its card says it is. */
    public static String describe(Card node) {
        Card.Statement s = node.statement();
        return "'" + s.name() + "' (" + authority(s) + (s.addresses().isEmpty() ? "" : " at " + String.join(", ", s.addresses())) + ")";
    }

    /**
     * A channel builder to {@code node}: to every address its card lists (or, with none, to its
     * host name through DNS) under {@code round_robin}, the card's host as the authority that TLS
     * checks, the roster digest on every call, and a call failing with {@code UNAVAILABLE} retried
     * on another replica.
     */
    public static ManagedChannelBuilder<?> dial(Card node, ChannelCredentials credentials, Roster roster) {
        Card.Statement s = node.statement();
        ManagedChannelBuilder<?> builder;
        if (s.addresses().isEmpty()) {
            builder = Grpc.newChannelBuilder("dns:///" + authority(s), credentials);
        } else {
            NameResolverRegistry registry = new NameResolverRegistry();
            registry.register(new CardAddresses(authority(s), socketAddresses(s)));
            builder = Grpc.newChannelBuilder(SCHEME + ":///" + s.name(), credentials, registry);
        }
        return builder.overrideAuthority(authority(s))
                .defaultServiceConfig(serviceConfig())
                .disableServiceConfigLookUp()
                .enableRetry()
                .maxRetryAttempts(MAX_ATTEMPTS)
                .perRpcBufferLimit(RETRY_BYTES_PER_CALL)
                .retryBufferSize(RETRY_BYTES_PER_CHANNEL)
                .intercept(RosterCheck.client(roster, s.name()));
    }

    /**
     * Round-robin over the replicas; a call that fails {@code UNAVAILABLE} before the node answered
     * is tried again (on another replica, since round-robin only picks connected ones). Completions
     * may be asked twice: the model is deterministic and a node keeps no state per request.
     */
    static Map<String, ?> serviceConfig() {
        Map<String, Object> retry = Map.of(
                "maxAttempts", (double) MAX_ATTEMPTS,
                "initialBackoff", "0.05s",
                "maxBackoff", "0.5s",
                "backoffMultiplier", 2.0,
                "retryableStatusCodes", List.of("UNAVAILABLE"));
        Map<String, Object> method = Map.of(
                "name", List.of(Map.of("service", ByteCompletionGrpc.SERVICE_NAME)),
                "retryPolicy", retry);
        return Map.of(
                "loadBalancingConfig", List.of(Map.of("round_robin", Map.of())),
                "methodConfig", List.of(method));
    }

    /** The node's host:port as its card gives it (IPv6 hosts in brackets): what TLS checks the name of. */
    public static String authority(Card node) {
        return authority(node.statement());
    }

    private static String authority(Card.Statement s) {
        String host = s.host().contains(":") ? "[" + s.host() + "]" : s.host();
        return host + ":" + s.port();
    }

    private static List<SocketAddress> socketAddresses(Card.Statement s) {
        List<SocketAddress> out = new ArrayList<>();
        for (String a : s.addresses()) {
            try {
                // An IP literal (the card checks it is one): no name lookup happens here.
                out.add(new InetSocketAddress(InetAddress.getByName(a), s.port()));
            } catch (UnknownHostException e) {
                throw new ParameterException("card address '" + a + "' of '" + s.name() + "' is not an IP address");
            }
        }
        return out;
    }

    /** The addresses on one node's card, as a name resolver: fixed, one address group per replica. */
    private static final class CardAddresses extends NameResolverProvider {
        private final String authority;
        private final List<EquivalentAddressGroup> groups;

        CardAddresses(String authority, List<SocketAddress> addresses) {
            this.authority = authority;
            this.groups = addresses.stream().map(EquivalentAddressGroup::new).toList();
        }

        @Override
        public NameResolver newNameResolver(URI target, NameResolver.Args args) {
            if (!SCHEME.equals(target.getScheme())) {
                return null;
            }
            return new NameResolver() {
                @Override
                public String getServiceAuthority() {
                    return authority;
                }

                @Override
                public void start(Listener2 listener) {
                    listener.onResult(ResolutionResult.newBuilder().setAddressesOrError(
                            io.grpc.StatusOr.fromValue(groups)).build());
                }

                @Override
                public void shutdown() {
                }
            };
        }

        @Override
        public String getDefaultScheme() {
            return SCHEME;
        }

        @Override
        protected boolean isAvailable() {
            return true;
        }

        @Override
        protected int priority() {
            return 5;
        }

        @Override
        public java.util.Collection<Class<? extends SocketAddress>> getProducedSocketAddressTypes() {
            return List.of(InetSocketAddress.class);
        }
    }
}
