package org.veilgrid.grid.node;

import org.veilgrid.core.text.SafeText;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.core.identity.AgentPublicKey;
import org.veilgrid.core.tls.CallFailures;
import org.veilgrid.core.tls.MutualTls;
import org.veilgrid.core.tls.TlsIdentity;
import org.veilgrid.grid.promise.CheckedCompletion;
import org.veilgrid.grid.payment.Payment;
import org.veilgrid.grid.promise.PromiseCheck;
import org.veilgrid.grid.protocol.ByteCompletion;
import org.veilgrid.grid.protocol.CompletionResponse;
import org.veilgrid.grid.protocol.GridMessages;
import org.veilgrid.grid.wire.ByteCompletionGrpc;
import org.veilgrid.grid.wire.GridMessage;

/** A client of one node's byte completions (byte-completion-2 over gRPC with mutual TLS). Thread-safe. */
public final class CompletionClient implements AutoCloseable {
    private final ManagedChannel channel;
    private final ByteCompletionGrpc.ByteCompletionBlockingStub stub;
    private final Duration timeout;
    private final String node;
    private volatile java.util.function.Consumer<byte[]> onRequest = bytes -> { };

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
     * @param nodeKey the promise key pinned for the node this client asks
     * @throws VerificationFailedException if the node broke its promise (the verdict says how)
     * @throws ParameterException if the request is malformed, or the node refused it (its reason)
     * @throws ProtocolAbortException if the node could not be reached or answered wrongly
     */
    public byte[] complete(byte[] context, int maxBytes, AgentPublicKey nodeKey) {
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
     * @throws ParameterException if {@code expectedNode} is null or the request is malformed
     */
    public CheckedCompletion completeChecked(byte[] context, int maxBytes, AgentPublicKey expectedNode) {
        return completeChecked(context, maxBytes, expectedNode, null, 0);
    }

    /** As above, paying: proves that {@code balance} covers {@code price} without showing it. */
    public CheckedCompletion completeChecked(byte[] context, int maxBytes, AgentPublicKey expectedNode,
                                             org.veilgrid.grid.payment.BalanceProof.Balance balance, long price) {
        PromiseCheck.requireNodeKey(expectedNode);
        Payment payment = balance == null ? null : Payment.of(balance, price, new java.security.SecureRandom());
        byte[] request = new ByteCompletion.Request(context, maxBytes, payment).encode();
        GridMessage reply;
        onRequest.accept(request.clone());
        try {
            reply = stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS).complete(GridMessages.wrap(request));
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT) {
                throw new ParameterException("the node refused the request: " + SafeText.abbreviate(String.valueOf(e.getStatus().getDescription()), 300));
            }
            throw new ProtocolAbortException(node, "no completion from " + node + ": " + CallFailures.describe(e), e);
        }
        long received = System.currentTimeMillis();
        CompletionResponse r;
        try {
            r = ByteCompletion.readResponse(GridMessages.unwrap(reply, "completion response"));
        } catch (MalformedInputException e) {
            throw new ProtocolAbortException(node, "malformed completion from " + node + ": " + e.getMessage(), e);
        }
        byte[] continuation = r.answer();
        if (continuation.length != maxBytes) {
            throw new ProtocolAbortException(node, "malformed completion from " + node + ": " + continuation.length
                    + " bytes where " + maxBytes + " were asked");
        }
        return PromiseCheck.judgeEncoded(expectedNode, request, r.promise(), r.receipt(), continuation, continuation, received);
    }

    /**
     * Has {@code listener} called with the exact bytes of every completion request (a grid item) just before
     * it is sent, e.g. to keep a copy; an exception it throws stops the request. Returns this client.
     */
    public CompletionClient onRequest(java.util.function.Consumer<byte[]> listener) {
        this.onRequest = java.util.Objects.requireNonNull(listener, "listener");
        return this;
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
