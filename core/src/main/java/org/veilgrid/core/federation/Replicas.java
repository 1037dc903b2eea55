package org.veilgrid.core.federation;

import io.grpc.ChannelCredentials;
import io.grpc.EquivalentAddressGroup;
import io.grpc.Grpc;
import io.grpc.ManagedChannelBuilder;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.NameResolverRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.veilgrid.core.errors.ParameterException;

/**
 * Channels to a participant that runs as several stateless replicas: one card, the same identity
 * folder copied to each replica host, the card listing each replica's IP address (up to
 * {@link Card#MAX_ADDRESSES}). A channel dials every address with grpc-java's own
 * {@code round_robin} policy, TLS checking the card's host name on each, and retries a call that
 * fails with {@code UNAVAILABLE} or {@code UNKNOWN} (a replica that went away) on another replica, up to
 * {@link #MAX_ATTEMPTS} attempts in all. A card without addresses is dialled by its host name, and
 * round-robin then spreads over every address DNS returns for it.
 *
 * <p>Only idempotent calls to a service that keeps no state per request belong on such a channel:
 * a call may be asked twice when its replica dies before answering.
 */
public final class Replicas {
    /** Attempts per call (the first and its retries); gRPC's own cap is 5. */
    public static final int MAX_ATTEMPTS = 5;
    private static final String SCHEME = "veilgrid-card";

    private Replicas() {
    }

    /**
     * A channel builder to {@code card}'s replicas for {@code service}: every address the card
     * lists (or its host name through DNS) under {@code round_robin}, the card's host as the
     * authority TLS checks, the roster digest on every call ({@link RosterCheck}), and a call of
     * {@code service} failing {@code UNAVAILABLE} before the peer answered retried on another
     * replica.
     *
     * @param retryBytesPerCall    the most request bytes kept per call to resend it (a larger
     *                             request is not retried)
     * @param retryBytesPerChannel the most request bytes kept for retries across all calls in flight
     */
    public static ManagedChannelBuilder<?> dial(Card card, ChannelCredentials credentials, Roster roster, String service,
                                                long retryBytesPerCall, long retryBytesPerChannel) {
        Card.Statement s = card.statement();
        ManagedChannelBuilder<?> builder;
        if (s.addresses().isEmpty()) {
            builder = Grpc.newChannelBuilder("dns:///" + authority(s), credentials);
        } else {
            NameResolverRegistry registry = new NameResolverRegistry();
            registry.register(new CardAddresses(authority(s), socketAddresses(s)));
            builder = Grpc.newChannelBuilder(SCHEME + ":///" + s.name(), credentials, registry);
        }
        return builder.overrideAuthority(authority(s))
                .defaultServiceConfig(serviceConfig(service))
                .disableServiceConfigLookUp()
                .enableRetry()
                .maxRetryAttempts(MAX_ATTEMPTS)
                .perRpcBufferLimit(retryBytesPerCall)
                .retryBufferSize(retryBytesPerChannel)
                .intercept(RosterCheck.client(roster, s.name()));
    }

    /**
     * Round-robin over the replicas; a call of {@code service} that fails {@code UNAVAILABLE} or
     * {@code UNKNOWN} before the peer answered is tried again (on another replica, since
     * round-robin only picks connected ones). {@code UNKNOWN} because a replica killed while a
     * large request is still being written surfaces as "UNKNOWN: channel closed" in grpc-java (a
     * ClosedChannelException on write), not as {@code UNAVAILABLE}; retrying it is as harmless as
     * the rest, since the calls on such a channel are idempotent.
     */
    public static Map<String, ?> serviceConfig(String service) {
        Map<String, Object> retry = Map.of(
                "maxAttempts", (double) MAX_ATTEMPTS,
                "initialBackoff", "0.05s",
                "maxBackoff", "0.5s",
                "backoffMultiplier", 2.0,
                "retryableStatusCodes", List.of("UNAVAILABLE", "UNKNOWN"));
        Map<String, Object> method = Map.of(
                "name", List.of(Map.of("service", service)),
                "retryPolicy", retry);
        return Map.of(
                "loadBalancingConfig", List.of(Map.of("round_robin", Map.of())),
                "methodConfig", List.of(method));
    }

    /**
     * Where the participant of {@code card} listens unless told otherwise: the first address its
     * card lists (its host name when it lists none) and its port.
     */
    public static InetSocketAddress ownAddress(Card card) {
        Card.Statement s = card.statement();
        return new InetSocketAddress(s.addresses().isEmpty() ? s.host() : s.addresses().get(0), s.port());
    }

    /** How messages name a participant: its name and where its card says it is. */
    public static String describe(Card card) {
        Card.Statement s = card.statement();
        return "'" + s.name() + "' (" + authority(s) + (s.addresses().isEmpty() ? "" : " at " + String.join(", ", s.addresses())) + ")";
    }

    /** The host:port a card gives (IPv6 hosts in brackets): what TLS checks the name of. */
    public static String authority(Card card) {
        return authority(card.statement());
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

    /** The addresses on one card, as a name resolver: fixed, one address group per replica. */
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
        public Collection<Class<? extends SocketAddress>> getProducedSocketAddressTypes() {
            return List.of(InetSocketAddress.class);
        }
    }
}
