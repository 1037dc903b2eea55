package org.veilgrid.grid.node;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.core.tls.MutualTls;
import org.veilgrid.core.tls.TlsIdentity;
import org.veilgrid.grid.wire.ByteCompletionGrpc;
import org.veilgrid.grid.wire.CompletionRequest;
import org.veilgrid.grid.wire.CompletionResponse;

/** A client of one node's byte completions (mutual TLS). Thread-safe. */
public final class CompletionClient implements AutoCloseable {
    private final ManagedChannel channel;
    private final ByteCompletionGrpc.ByteCompletionBlockingStub stub;
    private final Duration timeout;
    private final String node;

    public CompletionClient(String host, int port, TlsIdentity identity, Duration timeout) {
        this.channel = MutualTls.channel(host, port, identity);
        this.stub = ByteCompletionGrpc.newBlockingStub(channel);
        this.timeout = timeout;
        this.node = host + ":" + port;
    }

    /**
     * Up to {@code maxBytes} continuation bytes of {@code context}.
     *
     * @throws ParameterException if the node refused the request as malformed (its reason)
     * @throws ProtocolAbortException if the node could not be reached or answered wrongly
     */
    public byte[] complete(byte[] context, int maxBytes) {
        CompletionResponse r;
        try {
            r = stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS).complete(CompletionRequest.newBuilder()
                    .setVersion(CompletionNode.VERSION).setContext(ByteString.copyFrom(context)).setMaxBytes(maxBytes).build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT) {
                throw new ParameterException("the node refused the request: " + e.getStatus().getDescription());
            }
            throw new ProtocolAbortException(node, "no completion from " + node + ": " + e.getStatus().getCode(), e);
        }
        if (r.getVersion() != CompletionNode.VERSION || r.getContinuation().size() != maxBytes) {
            throw new ProtocolAbortException(node, "malformed completion from " + node);
        }
        return r.getContinuation().toByteArray();
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
