package org.veilgrid.mpc.aggregation;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.core.tls.MutualTls;
import org.veilgrid.core.tls.TlsIdentity;
import org.veilgrid.mpc.aggregation.wire.AggregationGrpc;
import org.veilgrid.mpc.aggregation.wire.MemberTaskMessage;
import org.veilgrid.mpc.aggregation.wire.Receipt;
import org.veilgrid.mpc.aggregation.wire.RoundQuery;
import org.veilgrid.mpc.aggregation.wire.WorkQuery;

/**
 * A client's or committee member's connection to the aggregation server (mutual TLS): fetch the
 * round, send the one message, or, for a member, wait for the task and send the one reply.
 */
public final class AggregationPeer implements AutoCloseable {
    private final ManagedChannel channel;
    private final AggregationGrpc.AggregationBlockingStub stub;
    private final Duration timeout;

    /**
     * @param serverName the aggregation server's participant name: the connection is refused,
     *                   before anything is sent, unless the server's certificate names it
     */
    public AggregationPeer(String host, int port, TlsIdentity identity, String serverName, Duration timeout) {
        this.channel = MutualTls.channelBuilder(host, port, identity, serverName)
                .maxInboundMessageSize(256 << 20)
                .build();
        this.stub = AggregationGrpc.newBlockingStub(channel);
        this.timeout = timeout;
    }

    private AggregationGrpc.AggregationBlockingStub call() {
        return stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The round the server runs; decoded and validated. */
    public Round round() {
        try {
            return AggregationCodec.decode(call().getRound(RoundQuery.newBuilder().setVersion(AggregationCodec.VERSION).build()));
        } catch (StatusRuntimeException e) {
            throw new ProtocolAbortException("server", "could not fetch the round: " + e.getStatus(), e);
        }
    }

    /** Sends a client's one message; the server's refusal becomes a ParameterException with its reason. */
    public void submit(ClientSubmission s) {
        Receipt r;
        try {
            r = call().submit(AggregationCodec.encode(s));
        } catch (StatusRuntimeException e) {
            throw new ProtocolAbortException("server", "the client message did not go through: " + e.getStatus(), e);
        }
        if (!r.getAccepted()) {
            throw new ParameterException("the server refused the message: " + r.getReason());
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
                throw new ProtocolAbortException("server", "could not fetch the committee task: " + e.getStatus(), e);
            }
            if (task.getReady()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new ProtocolAbortException("server", "the client phase did not close within " + wait);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProtocolAbortException("server", "interrupted while waiting for the task");
            }
        }
        MemberTask decoded = AggregationCodec.decode(round, task);
        MemberReply reply = member.answer(round, decoded);
        Receipt r;
        try {
            r = call().submitShares(AggregationCodec.encode(reply));
        } catch (StatusRuntimeException e) {
            throw new ProtocolAbortException("server", "the member reply did not go through: " + e.getStatus(), e);
        }
        if (!r.getAccepted()) {
            throw new ParameterException("the server refused the reply: " + r.getReason());
        }
        return decoded.clients.size() - reply.excluded.size();
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
