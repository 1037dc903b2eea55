package org.veilgrid.grid.node;

import org.veilgrid.core.text.SafeText;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.net.SocketAddress;
import org.veilgrid.core.federation.Card;
import org.veilgrid.core.federation.IdentityFolder;
import org.veilgrid.core.federation.Role;
import org.veilgrid.core.federation.Roster;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.veilgrid.core.federation.AnsweringPeer;
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
    /** How messages name the node, and whom an abort blames: host:port, or the roster's name for it. */
    private final String node;
    private final String culprit;
    /** The node's promise key from its roster card; null for a client of a setup folder, which pins per call. */
    private final AgentPublicKey rosterKey;
    private volatile java.util.function.Consumer<byte[]> onRequest = bytes -> { };
    private volatile java.util.function.Consumer<SocketAddress> onAnswer = address -> { };

    /**
     * @param nodeName the node's participant name: the connection is refused, before the context
     *                 is sent, unless the server's certificate names it
     */
    public CompletionClient(String host, int port, TlsIdentity identity, String nodeName, Duration timeout) {
        this(MutualTls.channelBuilder(host, port, identity, nodeName), host + ":" + port, host + ":" + port, timeout, null);
    }

    private CompletionClient(ManagedChannelBuilder<?> channel, String node, String culprit, Duration timeout, AgentPublicKey rosterKey) {
        this.channel = channel.intercept(AnsweringPeer.INTERCEPTOR).build();
        this.stub = ByteCompletionGrpc.newBlockingStub(this.channel);
        this.timeout = timeout;
        this.node = node;
        this.culprit = culprit;
        this.rosterKey = rosterKey;
    }

    /**
     * A grid client of a federation asking the roster's grid node {@code nodeName} (its only grid
     * node when null), from the client's own identity folder: TLS trusts exactly the roster's
     * certificates and the server must present {@code nodeName}'s, every call carries the roster
     * digest, and the node's promises are judged against its card's agent key
     * ({@link #complete(byte[], int)}). Every address on the node's card is a replica: calls are
     * spread over them round-robin, and a call to a replica that went away is retried on another
     * ({@link GridRoster}).
     *
     * @throws ParameterException if {@code me} is not a grid client of the roster (or its
     *         certificate or key is not the roster's), or there is no such grid node
     */
    public static CompletionClient ofRoster(Roster roster, IdentityFolder me, String nodeName, Duration timeout) {
        TlsIdentity identity = GridRoster.member(roster, me, Role.GRID_CLIENT);
        Card card = GridRoster.node(roster, nodeName);
        return new CompletionClient(GridRoster.dial(card, MutualTls.channelCredentials(identity, card.name()), roster),
                GridRoster.describe(card), card.name(), timeout, card.statement().agent());
    }

    /**
     * Up to {@code maxBytes} continuation bytes of {@code context} from the roster's node, whose
     * promise was kept, judged against the key on its card.
     *
     * @throws IllegalStateException if this client was not made by {@link #ofRoster}
     * @see #complete(byte[], int, AgentPublicKey)
     */
    public byte[] complete(byte[] context, int maxBytes) {
        return complete(context, maxBytes, rosterKey());
    }

    /** Like {@link #complete(byte[], int)}, returning the answer with the verdict on the node's promise. */
    public CheckedCompletion completeChecked(byte[] context, int maxBytes) {
        return completeChecked(context, maxBytes, rosterKey());
    }

    /**
     * The promise key the roster's card gives for the node this client asks.
     *
     * @throws IllegalStateException if this client was not made by {@link #ofRoster}
     */
    public AgentPublicKey rosterKey() {
        if (rosterKey == null) {
            throw new IllegalStateException("a client of a setup folder pins the node's key on each call");
        }
        return rosterKey;
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
        AnsweringPeer answering = new AnsweringPeer();
        try {
            reply = stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS).withOption(AnsweringPeer.KEY, answering)
                    .complete(GridMessages.wrap(request));
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT) {
                throw new ParameterException("the node refused the request: " + SafeText.abbreviate(String.valueOf(e.getStatus().getDescription()), 300));
            }
            throw new ProtocolAbortException(culprit, "no completion from " + node + ": " + CallFailures.describe(e), e);
        }
        long received = System.currentTimeMillis();
        answering.address().ifPresent(onAnswer);
        CompletionResponse r;
        try {
            r = ByteCompletion.readResponse(GridMessages.unwrap(reply, "completion response"));
        } catch (MalformedInputException e) {
            throw new ProtocolAbortException(culprit, "malformed completion from " + node + ": " + e.getMessage(), e);
        }
        byte[] continuation = r.answer();
        if (continuation.length != maxBytes) {
            throw new ProtocolAbortException(culprit, "malformed completion from " + node + ": " + continuation.length
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

    /**
     * Has {@code listener} called with the address of the server that answered each completion (a
     * replica, where the node has several), on the thread that asked, once the answer is in and
     * before it is judged. Returns this client.
     */
    public CompletionClient onAnswer(java.util.function.Consumer<SocketAddress> listener) {
        this.onAnswer = java.util.Objects.requireNonNull(listener, "listener");
        return this;
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
