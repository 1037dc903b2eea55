package org.veilgrid.mpc.aggregation;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.core.federation.AnsweringPeer;
import org.veilgrid.core.federation.Card;
import org.veilgrid.core.federation.Replicas;
import org.veilgrid.core.federation.Role;
import org.veilgrid.core.federation.Roster;
import org.veilgrid.core.tls.CallFailures;
import org.veilgrid.core.text.SafeText;
import org.veilgrid.core.tls.MutualTls;

import org.veilgrid.core.tls.TlsIdentity;
import org.veilgrid.mpc.aggregation.wire.UnmaskReply;
import org.veilgrid.mpc.aggregation.wire.UnmaskingGrpc;

/**
 * The aggregation server's side of its unmasking replicas: each job goes to one replica of the
 * roster's aggregation unmasker, chosen by grpc-java's {@code round_robin} among the addresses on
 * its card, and a job whose replica goes away before answering is sent again to another
 * ({@link Replicas}; a job may run twice, which is harmless: it changes nothing). Waits for a
 * replica to come up within the deadline.
 */
public final class RemoteUnmasking implements Unmasking, AutoCloseable {
    private final ManagedChannel channel;
    private final UnmaskingGrpc.UnmaskingBlockingStub stub;
    private final String unmasker;
    private final Duration timeout;
    private volatile Consumer<SocketAddress> onAnswer = address -> { };

    private RemoteUnmasking(ManagedChannel channel, String unmasker, Duration timeout) {
        this.channel = channel;
        this.stub = UnmaskingGrpc.newBlockingStub(channel);
        this.unmasker = unmasker;
        this.timeout = timeout;
    }

    /**
     * Unmasking on the replicas of the roster's aggregation unmasker {@code name}, for the
     * roster's aggregation server holding {@code identity}.
     *
     * @param identity the server's TLS identity, trusting the roster ({@link Roster#trust})
     * @param timeout  how long one job may take, waiting for a replica included
     * @throws ParameterException if {@code name} is not an aggregation unmasker of the roster
     */
    public static RemoteUnmasking ofRoster(Roster roster, TlsIdentity identity, String name, Duration timeout) {
        FederatedRound.requireRole(roster, name, Role.AGGREGATION_UNMASKER);
        Card card = roster.card(name).orElseThrow();
        ManagedChannel channel = Replicas.dial(card, MutualTls.channelCredentials(identity, card.name()), roster,
                UnmaskingGrpc.SERVICE_NAME, UnmaskService.MAX_REQUEST_BYTES, 2L * UnmaskService.MAX_REQUEST_BYTES)
                .maxInboundMessageSize(8 * AggregationParams.MAX_LENGTH + 1024)
                .intercept(AnsweringPeer.INTERCEPTOR)
                .build();
        // Connect now, while the round's clients are still sending: the TLS handshakes with the
        // replicas are then done before the job is, not on the round's critical path.
        channel.getState(true);
        return new RemoteUnmasking(channel, Replicas.describe(card), timeout);
    }

    /** Tells {@code listener}, on the thread that ran a job, which replica answered it. */
    public RemoteUnmasking onAnswer(Consumer<SocketAddress> listener) {
        this.onAnswer = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** The unmasker as messages name it: its name, host:port and replica addresses. */
    public String unmasker() {
        return unmasker;
    }

    /**
     * @throws ProtocolAbortException if a replica found the residue inconsistent or the round not
     *         the roster's (with its reason), no replica answered within the timeout, or the
     *         answer does not decode
     */
    @Override
    public long[] unmask(UnmaskJob job) {
        AnsweringPeer answering = new AnsweringPeer();
        UnmaskReply reply;
        try {
            reply = stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS).withWaitForReady()
                    .withOption(AnsweringPeer.KEY, answering).unmask(AggregationCodec.encode(job));
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            if (code == Status.Code.FAILED_PRECONDITION || code == Status.Code.INVALID_ARGUMENT
                    || code == Status.Code.PERMISSION_DENIED) {
                throw new ProtocolAbortException(null, "the unmasker " + unmasker + " refused the round: "
                        + SafeText.abbreviate(String.valueOf(e.getStatus().getDescription()), 300), e);
            }
            throw new ProtocolAbortException(null, "no unmasking replica of " + unmasker + " answered: "
                    + CallFailures.describe(e), e);
        }
        answering.address().ifPresent(onAnswer);
        try {
            return AggregationCodec.decodeSum(job.round(), job.counted(), reply);
        } catch (MalformedInputException e) {
            throw new ProtocolAbortException(null, "the unmasker " + unmasker + " answered with a malformed sum: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
