package org.veilgrid.mpc.aggregation;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.veilgrid.core.errors.VeilException;
import org.veilgrid.core.federation.Role;
import org.veilgrid.core.federation.Roster;
import org.veilgrid.core.federation.RosterCheck;
import org.veilgrid.core.tls.MutualTls;
import org.veilgrid.core.tls.PeerIdentity;
import org.veilgrid.core.tls.TlsIdentity;
import org.veilgrid.mpc.aggregation.wire.AggregationGrpc;
import org.veilgrid.mpc.aggregation.wire.ClientMessage;
import org.veilgrid.mpc.aggregation.wire.MemberReplyMessage;
import org.veilgrid.mpc.aggregation.wire.MemberTaskMessage;
import org.veilgrid.mpc.aggregation.wire.Receipt;
import org.veilgrid.mpc.aggregation.wire.RoundInfo;
import org.veilgrid.mpc.aggregation.wire.RoundQuery;
import org.veilgrid.mpc.aggregation.wire.WorkQuery;

/**
 * The aggregation server on gRPC with mutual TLS: hands out the round, takes client messages,
 * relays tasks to committee members once the client phase is closed, takes their replies. The
 * caller's certificate name must match the client id or the seat's member id, so nobody can
 * submit for someone else, and a client must be registered for the round, so nobody else (the
 * server's own identity included) is counted. Messages that do not decode are refused with the
 * reason; the sender is simply not counted.
 */
public final class AggregationService extends AggregationGrpc.AggregationImplBase {
    /** The participant name the server's certificate carries unless a deployment chooses another. */
    public static final String DEFAULT_SERVER_NAME = "aggregation-server";

    private final AggregationServer server;
    private final RoundInfo roundInfo;

    public AggregationService(AggregationServer server) {
        this.server = server;
        this.roundInfo = AggregationCodec.encode(server.round());
    }

    /** Starts a server on {@code address} (port 0 for an ephemeral one). */
    public Server start(InetSocketAddress address, TlsIdentity identity) throws IOException {
        return start(address, identity, null);
    }

    /**
     * Starts the server of a federation: TLS trusts exactly the roster's certificates and a
     * caller holding another roster is refused ({@link RosterCheck}).
     *
     * @param roster the federation's roster, or null for a CA-based setup
     * @throws org.veilgrid.core.errors.ParameterException with a roster, if {@code identity} is not
     *         the roster's aggregation server or its certificate is not the roster's
     */
    public Server start(InetSocketAddress address, TlsIdentity identity, Roster roster) throws IOException {
        if (roster != null) {
            FederatedRound.requireRole(roster, identity.partyName(), Role.AGGREGATION_SERVER);
        }
        long maxMessage = AggregationCodec.maxClientMessageBytes(server.round());
        var builder = MutualTls.serverBuilder(address, roster == null ? identity : roster.trust(identity))
                .maxInboundMessageSize((int) Math.min(Integer.MAX_VALUE, maxMessage))
                .addService(this);
        if (roster != null) {
            builder.intercept(RosterCheck.server(roster));
        }
        return builder.build().start();
    }

    public AggregationServer server() {
        return server;
    }

    @Override
    public void getRound(RoundQuery request, StreamObserver<RoundInfo> out) {
        out.onNext(roundInfo);
        out.onCompleted();
    }

    @Override
    public void submit(ClientMessage request, StreamObserver<Receipt> out) {
        Optional<String> caller = PeerIdentity.current();
        if (caller.isEmpty() || !caller.get().equals(request.getClientId())) {
            // The client_id is the caller's text: not quoted back.
            out.onNext(refused("client_id is not the caller's certificate name"));
        } else if (!server.round().isRegistered(caller.get())) {
            // Refused before decoding: only the round's registered clients may submit (the
            // server's own identity and any other certificate of the CA included).
            out.onNext(receipt(() -> server.round().requireRegistered(caller.get())));
        } else {
            out.onNext(receipt(() -> server.accept(AggregationCodec.decode(server.round(), request))));
        }
        out.onCompleted();
    }

    @Override
    public void getWork(WorkQuery request, StreamObserver<MemberTaskMessage> out) {
        int seat = request.getSeat();
        if (!isSeatHolder(seat)) {
            out.onError(Status.PERMISSION_DENIED.withDescription("the caller does not hold seat " + seat).asException());
            return;
        }
        try {
            if (!server.isClosed()) {
                out.onNext(MemberTaskMessage.newBuilder().setVersion(AggregationCodec.VERSION).setReady(false).build());
            } else {
                out.onNext(AggregationCodec.encode(server.taskFor(seat)));
            }
            out.onCompleted();
        } catch (VeilException e) {
            out.onError(Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asException());
        }
    }

    @Override
    public void submitShares(MemberReplyMessage request, StreamObserver<Receipt> out) {
        if (!isSeatHolder(request.getSeat())) {
            out.onNext(refused("the caller does not hold seat " + request.getSeat()));
        } else {
            out.onNext(receipt(() -> server.accept(AggregationCodec.decode(server.round(), request))));
        }
        out.onCompleted();
    }

    private boolean isSeatHolder(int seat) {
        Optional<String> caller = PeerIdentity.current();
        return seat >= 1 && seat <= server.round().committee().size() && caller.isPresent()
                && caller.get().equals(server.round().committee().get(seat - 1).memberId);
    }

    /** Runs a decode-and-accept step; a typed refusal becomes a receipt with the reason. */
    private static Receipt receipt(Runnable accept) {
        try {
            accept.run();
            return Receipt.newBuilder().setAccepted(true).build();
        } catch (VeilException e) {
            return refused(e.getMessage());
        }
    }

    private static Receipt refused(String reason) {
        return Receipt.newBuilder().setAccepted(false).setReason(reason).build();
    }
}
