package org.veilgrid.grid.node;

import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannelBuilder;
import io.grpc.ServerInterceptor;
import java.util.List;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.federation.Card;
import org.veilgrid.core.federation.Replicas;
import org.veilgrid.core.federation.RoleGate;
import org.veilgrid.core.federation.IdentityFolder;
import org.veilgrid.core.federation.Role;
import org.veilgrid.core.federation.Roster;
import org.veilgrid.core.federation.RosterCheck;
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
 * {@code UNAVAILABLE} or {@code UNKNOWN} (a replica that went away) on another replica, up to {@link #MAX_ATTEMPTS}
 * attempts in all. A card without addresses is dialled by its host name, and round-robin then
 * spreads over every address DNS returns for it.
 */
public final class GridRoster {
    /** Attempts per call (the first and its retries); gRPC's own cap is 5. */
    public static final int MAX_ATTEMPTS = Replicas.MAX_ATTEMPTS;
    /**
     * The most request bytes a channel keeps per call to resend it on another replica: above the
     * largest encrypted query (64 ciphertexts of about 256 KiB). A larger request is not retried.
     */
    static final long RETRY_BYTES_PER_CALL = 24L << 20;
    /** The most request bytes a channel keeps for retries across all its calls in flight. */
    static final long RETRY_BYTES_PER_CHANNEL = 64L << 20;

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
        return RoleGate.only(roster, Role.GRID_CLIENT, "this node serves the roster's grid clients");
    }

    /** How messages name a node: its name and where its card says it is. */
    public static String describe(Card node) {
        return Replicas.describe(node);
    }

    /**
     * A channel builder to {@code node}: to every address its card lists (or, with none, to its
     * host name through DNS) under {@code round_robin}, the card's host as the authority that TLS
     * checks, the roster digest on every call, and a call failing with {@code UNAVAILABLE} or {@code UNKNOWN} retried
     * on another replica ({@link Replicas}). Completions may be asked twice: the model is
     * deterministic and a node keeps no state per request.
     */
    public static ManagedChannelBuilder<?> dial(Card node, ChannelCredentials credentials, Roster roster) {
        return Replicas.dial(node, credentials, roster, ByteCompletionGrpc.SERVICE_NAME, RETRY_BYTES_PER_CALL,
                RETRY_BYTES_PER_CHANNEL);
    }

    /** The node's host:port as its card gives it (IPv6 hosts in brackets): what TLS checks the name of. */
    public static String authority(Card node) {
        return Replicas.authority(node);
    }
}
