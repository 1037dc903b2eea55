package org.veilgrid.grid.node;

import com.google.protobuf.ByteString;
import org.veilgrid.core.text.SafeText;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.core.tls.CallFailures;
import org.veilgrid.core.tls.MutualTls;
import org.veilgrid.core.tls.TlsIdentity;
import org.veilgrid.grid.promise.CheckedCompletion;
import org.veilgrid.grid.promise.PromiseCheck;
import org.veilgrid.grid.wire.ByteCompletionGrpc;
import org.veilgrid.grid.wire.CompletionRequest;
import org.veilgrid.grid.wire.CompletionResponse;

/** A client of one node's byte completions (mutual TLS). Thread-safe. */
public final class CompletionClient implements AutoCloseable {
    private final ManagedChannel channel;
    private final ByteCompletionGrpc.ByteCompletionBlockingStub stub;
    private final Duration timeout;
    private final String node;

    /**
     * @param nodeName the node's participant name: the connection is refused, before the context
     *                 is sent, unless the server's certificate names it
     */
    public CompletionClient(String host, int port, TlsIdentity identity, String nodeName, Duration timeout) {
        this.channel = MutualTls.channel(host, port, identity, nodeName);
        this.stub = ByteCompletionGrpc.newBlockingStub(channel);
        this.timeout = timeout;
        this.node = host + ":" + port;
    }

    /**
     * Up to {@code maxBytes} continuation bytes of {@code context}, from a node that kept its
     * promise.
     *
     * @param nodeKey the promise key pinned for the node this client asks (32 bytes)
     * @throws VerificationFailedException if the node broke its promise (the verdict says how)
     * @throws ParameterException if the node refused the request as malformed (its reason)
     * @throws ProtocolAbortException if the node could not be reached or answered wrongly
     */
    public byte[] complete(byte[] context, int maxBytes, byte[] nodeKey) {
        CheckedCompletion c = completeChecked(context, maxBytes, nodeKey);
        if (c.outcome() != PromiseCheck.Outcome.KEPT) {
            throw new VerificationFailedException(node + " broke its promise: " + c.outcome().meaning());
        }
        return c.continuation();
    }

    /**
     * Like {@link #complete}, returning the answer with the verdict on the node's promise and
     * receipt, kept or broken, judged against {@code expectedNode}: the key pinned for the node
     * this client meant to ask. A promise signed by any other key is {@code WRONG_NODE}.
     *
     * @throws ParameterException if {@code expectedNode} is not a 32-byte key
     */
    public CheckedCompletion completeChecked(byte[] context, int maxBytes, byte[] expectedNode) {
        return completeChecked(context, maxBytes, expectedNode, null, 0);
    }

    /** As above, paying: proves that {@code balance} covers {@code price} without showing it. */
    public CheckedCompletion completeChecked(byte[] context, int maxBytes, byte[] expectedNode,
                                             org.veilgrid.grid.payment.BalanceProof.Balance balance, long price) {
        PromiseCheck.requireNodeKey(expectedNode);
        CompletionResponse r;
        CompletionRequest.Builder builder = CompletionRequest.newBuilder()
                .setVersion(CompletionNode.VERSION).setContext(ByteString.copyFrom(context)).setMaxBytes(maxBytes);
        if (balance != null) {
            builder.setBalanceCommitment(ByteString.copyFrom(balance.commitment().encode()))
                    .setPaymentProof(ByteString.copyFrom(org.veilgrid.grid.payment.BalanceProof.prove(
                            balance, price, new java.security.SecureRandom())));
        }
        CompletionRequest request = builder.build();
        try {
            r = stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS).complete(request);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT) {
                throw new ParameterException("the node refused the request: " + SafeText.abbreviate(String.valueOf(e.getStatus().getDescription()), 300));
            }
            throw new ProtocolAbortException(node, "no completion from " + node + ": " + CallFailures.describe(e), e);
        }
        long received = System.currentTimeMillis();
        if (r.getVersion() != CompletionNode.VERSION || r.getContinuation().size() != maxBytes) {
            throw new ProtocolAbortException(node, "malformed completion from " + node);
        }
        byte[] continuation = r.getContinuation().toByteArray();
        return PromiseCheck.judgeEncoded(expectedNode, request.toByteArray(), r.getPromise().toByteArray(),
                r.getReceipt().toByteArray(), continuation, continuation, received);
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
