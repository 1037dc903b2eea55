package org.veilgrid.mpc.aggregation;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.core.federation.Card;
import org.veilgrid.core.federation.IdentityFolder;
import org.veilgrid.core.federation.Replicas;
import org.veilgrid.core.federation.Role;
import org.veilgrid.core.federation.Roster;
import org.veilgrid.core.federation.RoleGate;
import org.veilgrid.core.federation.RosterCheck;
import org.veilgrid.core.tls.MutualTls;
import org.veilgrid.core.tls.TlsIdentity;
import org.veilgrid.mpc.aggregation.wire.UnmaskReply;
import org.veilgrid.mpc.aggregation.wire.UnmaskRequest;
import org.veilgrid.mpc.aggregation.wire.UnmaskingGrpc;

/**
 * One replica of a federation's unmasking: runs the {@link UnmaskJob}s the roster's aggregation
 * server sends and keeps nothing between them, so the server's organisation runs as many replicas
 * as it likes behind grpc-java's {@code round_robin} ({@link RemoteUnmasking}), one process per
 * address on the unmasker's card, each from a copy of its identity folder.
 *
 * <p>Only the roster's aggregation server may call (by the name in its verified certificate; any
 * other member is refused with {@code PERMISSION_DENIED}), holding the same roster
 * ({@link RosterCheck}). A job's round must be exactly the one the roster gives for its id and
 * parameters ({@link FederatedRound#verify}), so a replica only ever unmasks the federation's own
 * rounds. A malformed job is {@code INVALID_ARGUMENT}; a round that is not the roster's, or a
 * residue that is inconsistent, {@code FAILED_PRECONDITION}: each with the reason.
 */
public final class UnmaskService extends UnmaskingGrpc.UnmaskingImplBase {
    /**
     * The largest job a replica takes: a round of L = 4 million values (the most
     * {@link AggregationParams} allows) with a committee of 64 fits.
     */
    public static final int MAX_REQUEST_BYTES = 64 << 20;

    private final Roster roster;
    private final Card card;
    private final TlsIdentity identity;
    private final AtomicLong served = new AtomicLong();
    private volatile java.util.function.Consumer<Unmasked> onUnmasked = u -> { };

    /** One job this replica answered with a sum: which round, over how many clients, how long it took. */
    public record Unmasked(String roundIdHex, int counted, long millis) {
    }

    private UnmaskService(Roster roster, Card card, TlsIdentity identity) {
        this.roster = roster;
        this.card = card;
        this.identity = identity;
    }

    /**
     * The replica of {@code me}, the roster's aggregation unmasker.
     *
     * @throws ParameterException if {@code me} is not in the roster as its aggregation-unmasker,
     *         or the roster holds another certificate for it
     */
    public static UnmaskService ofRoster(Roster roster, IdentityFolder me) {
        FederatedRound.requireRole(roster, me.card().name(), Role.AGGREGATION_UNMASKER);
        TlsIdentity trusted = roster.trust(me.tls());
        return new UnmaskService(roster, roster.card(me.card().name()).orElseThrow(), trusted);
    }

    /**
     * Starts this replica on {@code address}, or, when it is null, on the card's first address
     * (its host when it lists none) and port.
     *
     * @throws IOException if the address cannot be bound (e.g. another process holds it)
     */
    public Server start(InetSocketAddress address) throws IOException {
        InetSocketAddress bind = address != null ? address : Replicas.ownAddress(card);
        return MutualTls.serverBuilder(bind, identity)
                .maxInboundMessageSize(MAX_REQUEST_BYTES)
                .addService(this)
                .intercept(RoleGate.only(roster, Role.AGGREGATION_SERVER,
                        "only the roster's aggregation server may have a round unmasked"))
                .intercept(RosterCheck.server(roster))
                .build().start();
    }

    /** The unmasker's card in the roster. */
    public Card card() {
        return card;
    }

    /** Tells {@code listener} of each job answered with a sum (on a gRPC thread; must not block). */
    public UnmaskService onUnmasked(java.util.function.Consumer<Unmasked> listener) {
        this.onUnmasked = java.util.Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** How many jobs this replica has answered with a sum. */
    public long served() {
        return served.get();
    }

    @Override
    public void unmask(UnmaskRequest request, StreamObserver<UnmaskReply> out) {
        long start = System.nanoTime();
        UnmaskJob job;
        try {
            job = AggregationCodec.decode(request);
        } catch (MalformedInputException e) {
            out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asException());
            return;
        }
        long[] sum;
        try {
            FederatedRound.verify(job.round(), roster);
            sum = job.unmask();
        } catch (VerificationFailedException | ProtocolAbortException e) {
            out.onError(Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asException());
            return;
        } catch (ParameterException e) {
            out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asException());
            return;
        }
        served.incrementAndGet(); // before the answer: whoever has the answer sees it counted
        onUnmasked.accept(new Unmasked(java.util.HexFormat.of().formatHex(job.round().id()), job.counted(),
                (System.nanoTime() - start) / 1_000_000));
        out.onNext(AggregationCodec.encodeSum(job.round(), sum));
        out.onCompleted();
    }
}
