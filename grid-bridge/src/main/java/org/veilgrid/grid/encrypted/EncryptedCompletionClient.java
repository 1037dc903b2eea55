package org.veilgrid.grid.encrypted;

import org.veilgrid.core.text.SafeText;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import org.veilgrid.core.federation.Card;
import org.veilgrid.core.federation.IdentityFolder;
import org.veilgrid.core.federation.Role;
import org.veilgrid.core.federation.Roster;
import org.veilgrid.grid.node.GridRoster;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.core.identity.AgentPublicKey;
import org.veilgrid.core.tls.CallFailures;
import org.veilgrid.core.tls.MutualTls;
import org.veilgrid.core.tls.TlsIdentity;
import org.veilgrid.fhe.bfv.BfvCodec;
import org.veilgrid.fhe.bfv.BfvContext;
import org.veilgrid.fhe.bfv.Ciphertext;
import org.veilgrid.fhe.bfv.KeyGenerator;
import org.veilgrid.grid.model.NGramModel;
import org.veilgrid.grid.promise.CheckedCompletion;
import org.veilgrid.grid.payment.Payment;
import org.veilgrid.grid.promise.PromiseCheck;
import org.veilgrid.grid.protocol.CompletionResponse;
import org.veilgrid.grid.protocol.EncryptedByteCompletion;
import org.veilgrid.grid.protocol.GridMessages;
import org.veilgrid.grid.wire.ByteCompletionGrpc;
import org.veilgrid.grid.wire.GridMessage;

/**
 * Encrypted byte completions from one node: fetches the node's public index once (parameters,
 * row contexts), keeps a BFV secret key that never leaves the client, and for each request sends
 * an encrypted one-hot row selection and decrypts the answer (encrypted-byte-completion-2, every
 * message a grid item). The node sees only ciphertexts.
 */
public final class EncryptedCompletionClient implements AutoCloseable {
    /**
     * The largest index a node can legitimately publish: its BFV parameters (at most 64 KiB) and
     * the contexts of at most {@link NGramModel#MAX_CONTEXTS} rows, each at most
     * {@link NGramModel#MAX_ORDER} bytes with two bytes of framing.
     */
    static final int MAX_INDEX_BYTES = (64 << 10) + NGramModel.MAX_CONTEXTS * (NGramModel.MAX_ORDER + 2) + 1024;
    /**
     * The largest answer: one ciphertext switched down to two primes in the largest ring with a
     * 128-bit bound (N = 32768): two polynomials of two primes' fixed64 residues, with the promise
     * and receipt.
     */
    static final int MAX_ANSWER_BYTES = 2 * 2 * 32768 * 8 + 4096;
    /** What this client accepts in one message from a node; anything larger is cut off unread. */
    public static final int MAX_RESPONSE_BYTES = Math.max(MAX_INDEX_BYTES, MAX_ANSWER_BYTES);

    private final ManagedChannel channel;
    private final ByteCompletionGrpc.ByteCompletionBlockingStub stub;
    private final Duration timeout;
    /** How messages name the node, and whom an abort blames: host:port, or the roster's name for it. */
    private final String node;
    private final String culprit;
    /** The node's promise key from its roster card; null for a client of a setup folder, which pins per call. */
    private final AgentPublicKey rosterKey;
    private volatile java.util.function.Consumer<byte[]> onRequest = bytes -> { };
    private final BfvContext bfv;
    private final EncryptedQuery query;
    private final Map<String, Integer> rowOf = new HashMap<>();
    private final int rows;
    private final int maxContext;

    /**
     * @param nodeName the node's participant name: the connection is refused, before anything is
     *                 sent, unless the server's certificate names it
     */
    public EncryptedCompletionClient(String host, int port, TlsIdentity identity, String nodeName, Duration timeout) {
        this(MutualTls.channelBuilder(host, port, identity, nodeName), host + ":" + port, host + ":" + port, timeout, null);
    }

    /**
     * A grid client of a federation asking the roster's grid node {@code nodeName} (its only grid
     * node when null) under encryption, as {@link CompletionClient#ofRoster}: TLS trusts exactly the
     * roster's certificates, every call carries the roster digest, calls are spread over the
     * replicas on the node's card (every replica must serve the same model, since the index comes
     * from one and queries go to any), and promises are judged against the card's agent key
     * ({@link #complete(byte[])}).
     *
     * @throws ParameterException if {@code me} is not a grid client of the roster, or there is no
     *         such grid node
     * @throws ProtocolAbortException if the node's index cannot be fetched
     */
    public static EncryptedCompletionClient ofRoster(Roster roster, IdentityFolder me, String nodeName, Duration timeout) {
        TlsIdentity identity = GridRoster.member(roster, me, Role.GRID_CLIENT);
        Card card = GridRoster.node(roster, nodeName);
        return new EncryptedCompletionClient(GridRoster.dial(card, MutualTls.channelCredentials(identity, card.name()), roster),
                GridRoster.describe(card), card.name(), timeout, card.statement().agent());
    }

    private EncryptedCompletionClient(ManagedChannelBuilder<?> builder, String node, String culprit, Duration timeout, AgentPublicKey rosterKey) {
        this.channel = builder.maxInboundMessageSize(MAX_RESPONSE_BYTES).build();
        this.stub = ByteCompletionGrpc.newBlockingStub(channel);
        this.timeout = timeout;
        this.node = node;
        this.culprit = culprit;
        this.rosterKey = rosterKey;
        try {
            EncryptedByteCompletion.Index index;
            try {
                GridMessage reply = call().getIndex(GridMessages.wrap(EncryptedByteCompletion.indexRequest()));
                index = EncryptedByteCompletion.Index.decode(GridMessages.unwrap(reply, "index"), MAX_INDEX_BYTES);
            } catch (StatusRuntimeException e) {
                throw new ProtocolAbortException(culprit, "no index from " + node + ": " + CallFailures.describe(e), e);
            }
            // create() refuses parameters below 128-bit security: a node cannot weaken the query's encryption.
            this.bfv = BfvContext.create(BfvCodec.decodeParameters(index.bfvParameters()));
            this.query = new EncryptedQuery(bfv, new KeyGenerator(bfv).secretKey());
            List<byte[]> contexts = index.contexts();
            int longest = 0;
            for (int i = 0; i < contexts.size(); i++) {
                byte[] c = contexts.get(i);
                if (rowOf.put(key(c), i) != null) {
                    throw new MalformedInputException("index contexts[" + i + "]", "repeated");
                }
                longest = Math.max(longest, c.length);
            }
            if (!rowOf.containsKey(key(new byte[0]))) {
                throw new MalformedInputException("index contexts", "has no empty (order-0) context");
            }
            this.rows = contexts.size();
            this.maxContext = longest;
            if (new RowLayout(bfv.n()).groups(rows) != index.groups()) {
                throw new MalformedInputException("index groups", "does not match the number of rows");
            }
        } catch (RuntimeException e) {
            channel.shutdownNow();
            throw e;
        }
    }

    private ByteCompletionGrpc.ByteCompletionBlockingStub call() {
        return stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static String key(byte[] c) {
        return java.util.HexFormat.of().formatHex(c);
    }

    /** The row of the longest suffix of {@code context} the node has (as the node's lookup). */
    int rowIndex(byte[] context) {
        for (int j = Math.min(maxContext, context.length); j >= 0; j--) {
            Integer r = rowOf.get(key(Arrays.copyOfRange(context, context.length - j, context.length)));
            if (r != null) {
                return r;
            }
        }
        throw new IllegalStateException("the index has an empty context");
    }

    /**
     * The node's 16-byte completion of {@code context}, computed without the node seeing either,
     * from a node that kept its promise.
     *
     * @param nodeKey the promise key pinned for the node this client asks
     * @throws VerificationFailedException if the node broke its promise (the verdict says how)
     */
    public byte[] complete(byte[] context, AgentPublicKey nodeKey) {
        CheckedCompletion c = completeChecked(context, nodeKey);
        if (c.outcome() != PromiseCheck.Outcome.KEPT) {
            throw new VerificationFailedException(node + " broke its promise: " + c.outcome().meaning());
        }
        return c.continuation();
    }

    /**
     * The node's completion of {@code context} from the roster's node, whose promise was kept,
     * judged against the key on its card.
     *
     * @throws IllegalStateException if this client was not made by {@link #ofRoster}
     */
    public byte[] complete(byte[] context) {
        return complete(context, rosterKey());
    }

    /** Like {@link #complete(byte[])}, returning the answer with the verdict on the node's promise. */
    public CheckedCompletion completeChecked(byte[] context) {
        return completeChecked(context, rosterKey());
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
     * Like {@link #complete}, returning the answer with the verdict on the promise (it must cover
     * the encrypted request sent) and the receipt (it must bind the answer ciphertext received),
     * judged against {@code expectedNode}: the key pinned for the node meant. A promise signed by
     * any other key is {@code WRONG_NODE}.
     *
     * @throws ParameterException if {@code expectedNode} is null
     */
    public CheckedCompletion completeChecked(byte[] context, AgentPublicKey expectedNode) {
        return completeChecked(context, expectedNode, null, 0);
    }

    /** As above, paying: proves that {@code balance} covers {@code price} without showing it. */
    public CheckedCompletion completeChecked(byte[] context, AgentPublicKey expectedNode,
                                             org.veilgrid.grid.payment.BalanceProof.Balance balance, long price) {
        PromiseCheck.requireNodeKey(expectedNode);
        int row = rowIndex(context);
        List<byte[]> ciphertexts = new ArrayList<>();
        for (Ciphertext c : query.select(row, rows)) {
            ciphertexts.add(BfvCodec.encode(c));
        }
        Payment payment = balance == null ? null : Payment.of(balance, price, new java.security.SecureRandom());
        byte[] request = new EncryptedByteCompletion.Request(ciphertexts, payment).encode();
        GridMessage reply;
        onRequest.accept(request.clone());
        try {
            reply = call().completeEncrypted(GridMessages.wrap(request));
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT) {
                throw new ParameterException("the node refused the request: "
                        + SafeText.abbreviate(String.valueOf(e.getStatus().getDescription()), 300));
            }
            throw new ProtocolAbortException(culprit, "no completion from " + node + ": " + CallFailures.describe(e), e);
        }
        long received = System.currentTimeMillis();
        CompletionResponse r;
        try {
            r = EncryptedByteCompletion.readResponse(GridMessages.unwrap(reply, "encrypted response"), MAX_ANSWER_BYTES);
        } catch (MalformedInputException e) {
            throw new ProtocolAbortException(culprit, "malformed completion from " + node + ": " + e.getMessage(), e);
        }
        byte[] answerBytes = r.answer();
        byte[] continuation = query.read(BfvCodec.decodeCiphertext(bfv, answerBytes), row);
        return PromiseCheck.judgeEncoded(expectedNode, request, r.promise(), r.receipt(), answerBytes, continuation, received);
    }

    /** Bytes of the last query on the wire, for reporting (one request's upload). */
    public long queryBytes(byte[] context) {
        long n = 0;
        for (Ciphertext c : query.select(rowIndex(context), rows)) {
            n += BfvCodec.encode(c).length;
        }
        return n;
    }

    /**
     * Has {@code listener} called with the exact bytes of every completion request (a grid item) just before
     * it is sent, e.g. to keep a copy; an exception it throws stops the request. Returns this client.
     */
    public EncryptedCompletionClient onRequest(java.util.function.Consumer<byte[]> listener) {
        this.onRequest = java.util.Objects.requireNonNull(listener, "listener");
        return this;
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
