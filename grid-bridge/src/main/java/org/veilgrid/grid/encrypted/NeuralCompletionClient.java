package org.veilgrid.grid.encrypted;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.core.federation.Card;
import org.veilgrid.core.federation.IdentityFolder;
import org.veilgrid.core.federation.Role;
import org.veilgrid.core.federation.Roster;
import org.veilgrid.core.identity.AgentPublicKey;
import org.veilgrid.core.text.SafeText;
import org.veilgrid.core.tls.CallFailures;
import org.veilgrid.core.tls.MutualTls;
import org.veilgrid.core.tls.TlsIdentity;
import org.veilgrid.fhe.ckks.Ciphertext;
import org.veilgrid.fhe.ckks.CkksCodec;
import org.veilgrid.fhe.ckks.GaloisKeys;
import org.veilgrid.grid.node.GridRoster;
import org.veilgrid.grid.payment.BalanceProof;
import org.veilgrid.grid.payment.Payment;
import org.veilgrid.grid.promise.CheckedCompletion;
import org.veilgrid.grid.promise.PromiseCheck;
import org.veilgrid.grid.protocol.CompletionResponse;
import org.veilgrid.grid.protocol.GridMessages;
import org.veilgrid.grid.protocol.NeuralCompletion;
import org.veilgrid.grid.wire.ByteCompletionGrpc;
import org.veilgrid.grid.wire.GridMessage;

/**
 * Encrypted next bytes from one node's private neural model (encrypted-neural-completion-1):
 * reads the node's model description once, makes a CKKS key set that never leaves the client
 * ({@link NeuralQueryClient}), uploads the evaluation keys once (again if the node has evicted
 * them), and for each byte sends the encrypted one-hot context and decrypts the flooded logits.
 * Every call is promised and receipted; a completion stops at the first broken promise.
 */
public final class NeuralCompletionClient implements AutoCloseable {
    /** What this client accepts in one message from a node. */
    public static final int MAX_RESPONSE_BYTES = Math.max(NeuralCompletion.MAX_RESPONSE_BYTES,
            NeuralCompletion.MAX_PARAMETER_BYTES + 1024);

    private final ManagedChannel channel;
    private final ByteCompletionGrpc.ByteCompletionBlockingStub stub;
    private final ByteCompletionGrpc.ByteCompletionStub async;
    private final Duration timeout;
    private final String node;
    private final String culprit;
    private final AgentPublicKey rosterKey;
    private final NeuralCompletion.Model model;
    private final NeuralQueryClient keys;
    private volatile java.util.function.Consumer<byte[]> onRequest = bytes -> { };
    private volatile boolean uploaded;
    private volatile long uploadBytes;

    /**
     * @param nodeName the node's participant name: the connection is refused, before anything is
     *                 sent, unless the server's certificate names it
     * @throws ProtocolAbortException if the node's model description cannot be fetched
     * @throws ParameterException if the node uses other CKKS parameters than {@link NeuralLayout#PRESET}
     */
    public NeuralCompletionClient(String host, int port, TlsIdentity identity, String nodeName, Duration timeout) {
        this(MutualTls.channelBuilder(host, port, identity, nodeName), host + ":" + port, host + ":" + port, timeout, null);
    }

    /** A grid client of a federation asking the roster's grid node {@code nodeName}, as {@code CompletionClient.ofRoster}. */
    public static NeuralCompletionClient ofRoster(Roster roster, IdentityFolder me, String nodeName, Duration timeout) {
        TlsIdentity identity = GridRoster.member(roster, me, Role.GRID_CLIENT);
        Card card = GridRoster.node(roster, nodeName);
        return new NeuralCompletionClient(GridRoster.dial(card, MutualTls.channelCredentials(identity, card.name()), roster),
                GridRoster.describe(card), card.name(), timeout, card.statement().agent());
    }

    private NeuralCompletionClient(ManagedChannelBuilder<?> builder, String node, String culprit, Duration timeout,
                                   AgentPublicKey rosterKey) {
        this.channel = builder.maxInboundMessageSize(MAX_RESPONSE_BYTES).build();
        this.stub = ByteCompletionGrpc.newBlockingStub(channel);
        this.async = ByteCompletionGrpc.newStub(channel);
        this.timeout = timeout;
        this.node = node;
        this.culprit = culprit;
        this.rosterKey = rosterKey;
        try {
            try {
                GridMessage reply = stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .getNeuralModel(GridMessages.wrap(NeuralCompletion.modelRequest()));
                this.model = NeuralCompletion.Model.decode(GridMessages.unwrap(reply, "neural model"));
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() == Status.Code.FAILED_PRECONDITION) {
                    throw new ParameterException(node + " serves no neural model: "
                            + SafeText.abbreviate(String.valueOf(e.getStatus().getDescription()), 300));
                }
                throw new ProtocolAbortException(culprit, "no model description from " + node + ": " + CallFailures.describe(e), e);
            } catch (MalformedInputException e) {
                throw new ProtocolAbortException(culprit, "malformed model description from " + node + ": " + e.getMessage(), e);
            }
            // Fixed parameters: a node cannot weaken the query's encryption or change the layout's levels.
            if (!Arrays.equals(model.ckksParameters(), CkksCodec.encode(NeuralLayout.context().parameters()))) {
                throw new ParameterException(node + " uses other CKKS parameters than " + NeuralLayout.PRESET
                        + " (N = 16384, four 60-bit primes, 128-bit)");
            }
            this.keys = new NeuralQueryClient(NeuralLayout.of(model.contextBytes(), model.hiddenUnits()));
        } catch (RuntimeException e) {
            channel.shutdownNow();
            throw e;
        }
    }

    /** The node's model description (shape, flood). */
    public NeuralCompletion.Model model() {
        return model;
    }

    /** The promise key the roster's card gives for the node; see {@code CompletionClient.rosterKey}. */
    public AgentPublicKey rosterKey() {
        if (rosterKey == null) {
            throw new IllegalStateException("a client of a setup folder pins the node's key on each call");
        }
        return rosterKey;
    }

    /** Bytes of the last key upload on the wire (0 before any). */
    public long uploadBytes() {
        return uploadBytes;
    }

    /** Bytes of one query on the wire (the request item without payment). */
    public long queryBytes(byte[] context) {
        return new NeuralCompletion.Request(keys.evaluationKeys().publicKey().keyId().bytes(),
                CkksCodec.encode(keys.query(context)), null).encode().length;
    }

    /**
     * Uploads the evaluation keys (public key, relinearization keys, one Galois key per part):
     * about 100 MB at N = 16384, once per node. {@code progress} hears the parts sent so far.
     *
     * @throws ParameterException if the node refuses the upload (its reason)
     * @throws ProtocolAbortException if the node cannot be reached or does not acknowledge it
     */
    public void uploadKeys(IntConsumer progress) {
        NeuralEvaluationKeys k = keys.evaluationKeys();
        byte[] id = k.publicKey().keyId().bytes();
        List<byte[]> parts = new ArrayList<>();
        parts.add(new NeuralCompletion.KeyPart(id, NeuralCompletion.KeyKind.PUBLIC, CkksCodec.encode(k.publicKey())).encode());
        parts.add(new NeuralCompletion.KeyPart(id, NeuralCompletion.KeyKind.RELINEARIZATION, CkksCodec.encode(k.relinKeys()))
                .encode());
        for (GaloisKeys g : k.galoisKeys().perElement()) {
            parts.add(new NeuralCompletion.KeyPart(id, NeuralCompletion.KeyKind.GALOIS, CkksCodec.encode(g)).encode());
        }
        CompletableFuture<GridMessage> done = new CompletableFuture<>();
        StreamObserver<GridMessage> sink = async.withDeadlineAfter(Math.max(timeout.toMillis(), 120_000), TimeUnit.MILLISECONDS)
                .uploadNeuralKeys(new StreamObserver<>() {
                    @Override
                    public void onNext(GridMessage value) {
                        done.complete(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        done.complete(null);
                    }
                });
        long bytes = 0;
        for (int i = 0; i < parts.size() && !done.isDone(); i++) {
            sink.onNext(GridMessages.wrap(parts.get(i)));
            bytes += parts.get(i).length;
            progress.accept(i + 1);
        }
        sink.onCompleted();
        GridMessage reply;
        try {
            reply = done.get(Math.max(timeout.toMillis(), 120_000), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.INVALID_ARGUMENT) {
                throw new ParameterException("the node refused the keys: "
                        + SafeText.abbreviate(String.valueOf(s.getStatus().getDescription()), 300));
            }
            throw new ProtocolAbortException(culprit, "key upload to " + node + " failed: "
                    + (e.getCause() instanceof StatusRuntimeException s ? CallFailures.describe(s) : String.valueOf(e.getCause())), e);
        } catch (TimeoutException e) {
            throw new ProtocolAbortException(culprit, "key upload to " + node + " not acknowledged in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProtocolAbortException(culprit, "interrupted during the key upload to " + node, e);
        }
        try {
            NeuralCompletion.KeysStored stored = NeuralCompletion.KeysStored.decode(GridMessages.unwrap(reply, "keys stored"));
            if (!Arrays.equals(stored.keyId(), id)) {
                throw new MalformedInputException("keys stored", "names another key id");
            }
        } catch (MalformedInputException | NullPointerException e) {
            throw new ProtocolAbortException(culprit, "malformed key acknowledgement from " + node, e);
        }
        uploadBytes = bytes;
        uploaded = true;
    }

    /** How many parts {@link #uploadKeys} sends. */
    public int keyParts() {
        return 2 + keys.evaluationKeys().galoisKeys().size();
    }

    /**
     * The next byte after {@code context} by the node's network, with the verdict on this call's
     * promise and receipt. Uploads the keys first if the node does not hold them.
     *
     * @param expectedNode the promise key pinned for the node
     */
    public CheckedCompletion nextByteChecked(byte[] context, AgentPublicKey expectedNode, BalanceProof.Balance balance,
                                             long price) {
        PromiseCheck.requireNodeKey(expectedNode);
        if (!uploaded) {
            uploadKeys(i -> { });
        }
        byte[] id = keys.evaluationKeys().publicKey().keyId().bytes();
        for (int attempt = 0; ; attempt++) {
            Payment payment = balance == null ? null : Payment.of(balance, price, new java.security.SecureRandom());
            byte[] request = new NeuralCompletion.Request(id, CkksCodec.encode(keys.query(context)), payment).encode();
            onRequest.accept(request.clone());
            GridMessage reply;
            try {
                reply = stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS).completeNeural(GridMessages.wrap(request));
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() == Status.Code.FAILED_PRECONDITION && attempt == 0) {
                    // The node evicted (or never got) our keys: upload them again, once.
                    uploadKeys(i -> { });
                    continue;
                }
                if (e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT) {
                    throw new ParameterException("the node refused the request: "
                            + SafeText.abbreviate(String.valueOf(e.getStatus().getDescription()), 300));
                }
                throw new ProtocolAbortException(culprit, "no answer from " + node + ": " + CallFailures.describe(e), e);
            }
            long received = System.currentTimeMillis();
            CompletionResponse r;
            Ciphertext answer;
            try {
                r = NeuralCompletion.readResponse(GridMessages.unwrap(reply, "neural response"));
                answer = CkksCodec.decodeCiphertext(NeuralLayout.context(), r.answer());
                if (answer.level() != NeuralLayout.OUTPUT_LEVEL) {
                    throw new MalformedInputException("neural response answer", "is at level " + answer.level() + ", not "
                            + NeuralLayout.OUTPUT_LEVEL);
                }
            } catch (MalformedInputException e) {
                throw new ProtocolAbortException(culprit, "malformed answer from " + node + ": " + e.getMessage(), e);
            }
            byte[] next = {(byte) keys.nextByte(answer)};
            return PromiseCheck.judgeEncoded(expectedNode, request, r.promise(), r.receipt(), r.answer(), next, received);
        }
    }

    /**
     * {@code bytes} next bytes, one call each, each appended to the context of the next; stops at
     * the first call whose promise was not kept. {@code progress} hears each byte's index.
     *
     * @return the calls' verdicts in order (the continuation is their bytes joined)
     */
    public List<CheckedCompletion> completeChecked(byte[] context, int bytes, AgentPublicKey expectedNode,
                                                   BalanceProof.Balance balance, long price, IntConsumer progress) {
        if (bytes < 1 || bytes > 4096) {
            throw new ParameterException("a completion has 1 to 4096 bytes, got " + bytes);
        }
        List<CheckedCompletion> calls = new ArrayList<>();
        byte[] text = context.clone();
        for (int i = 0; i < bytes; i++) {
            CheckedCompletion c = nextByteChecked(text, expectedNode, balance, price);
            calls.add(c);
            progress.accept(i + 1);
            if (c.outcome() != PromiseCheck.Outcome.KEPT) {
                break;
            }
            text = Arrays.copyOf(text, text.length + 1);
            text[text.length - 1] = c.continuation()[0];
        }
        return calls;
    }

    /**
     * {@code bytes} next bytes from a node that kept every promise.
     *
     * @throws VerificationFailedException if a call's promise was broken (the verdict says how)
     */
    public byte[] complete(byte[] context, int bytes, AgentPublicKey expectedNode) {
        List<CheckedCompletion> calls = completeChecked(context, bytes, expectedNode, null, 0, i -> { });
        return joined(calls, node);
    }

    /**
     * The calls of a completion as one verdict: their bytes (up to the first broken promise), the
     * last call's promise and receipt, and KEPT only if every call's promise was kept (else the
     * first broken call's outcome).
     */
    public static CheckedCompletion combined(List<CheckedCompletion> calls) {
        if (calls.isEmpty()) {
            throw new ParameterException("no calls to combine");
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (CheckedCompletion c : calls) {
            bytes.writeBytes(c.continuation());
            if (c.outcome() != PromiseCheck.Outcome.KEPT) {
                return new CheckedCompletion(bytes.toByteArray(), c.promise(), c.receipt(), c.outcome());
            }
        }
        CheckedCompletion last = calls.get(calls.size() - 1);
        return new CheckedCompletion(bytes.toByteArray(), last.promise(), last.receipt(), PromiseCheck.Outcome.KEPT);
    }

    /**
     * Has {@code listener} called with the exact bytes of every neural request (a grid item) just
     * before it is sent. Returns this client.
     */
    public NeuralCompletionClient onRequest(java.util.function.Consumer<byte[]> listener) {
        this.onRequest = java.util.Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** The continuation of calls that all kept their promises. */
    public static byte[] joined(List<CheckedCompletion> calls, String node) {
        byte[] out = new byte[calls.size()];
        for (int i = 0; i < calls.size(); i++) {
            CheckedCompletion c = calls.get(i);
            if (c.outcome() != PromiseCheck.Outcome.KEPT) {
                throw new VerificationFailedException(node + " broke its promise on byte " + (i + 1) + ": " + c.outcome().meaning());
            }
            out[i] = c.continuation()[0];
        }
        return out;
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
