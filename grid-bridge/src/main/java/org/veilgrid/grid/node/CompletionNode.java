package org.veilgrid.grid.node;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.VeilException;
import org.veilgrid.core.federation.Card;
import org.veilgrid.core.federation.IdentityFolder;
import org.veilgrid.core.federation.Role;
import org.veilgrid.core.federation.Roster;
import org.veilgrid.core.federation.Replicas;
import org.veilgrid.core.federation.RosterCheck;
import org.veilgrid.core.text.SafeText;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.core.identity.AgentPublicKey;
import org.veilgrid.core.tls.MutualTls;
import org.veilgrid.core.tls.TlsIdentity;
import org.veilgrid.fhe.bfv.BfvCodec;
import org.veilgrid.fhe.bfv.BfvContext;
import org.veilgrid.fhe.bfv.BfvParameters;
import org.veilgrid.fhe.bfv.BfvPreset;
import org.veilgrid.fhe.bfv.Ciphertext;
import org.veilgrid.grid.encrypted.EncryptedModel;
import org.veilgrid.grid.encrypted.NeuralNodeService;
import org.veilgrid.grid.encrypted.UnknownKeyException;
import org.veilgrid.grid.model.NGramModel;
import org.veilgrid.grid.payment.Payment;
import org.veilgrid.grid.promise.CompletionPromise;
import org.veilgrid.grid.promise.CompletionReceipt;
import org.veilgrid.grid.protocol.ByteCompletion;
import org.veilgrid.grid.protocol.EncryptedByteCompletion;
import org.veilgrid.grid.protocol.GridMessages;
import org.veilgrid.grid.protocol.NeuralCompletion;
import org.veilgrid.grid.wire.ByteCompletionGrpc;
import org.veilgrid.grid.wire.GridMessage;

/**
 * A grid node serving byte completions over gRPC with mutual TLS, in the clear
 * (byte-completion-2) and encrypted (encrypted-byte-completion-2): bytes in, bytes out, one round
 * trip. Every request and response is a {@code grid} item (docs/protocols). Requests are checked
 * before use (protocol, slots, sizes) and refused with INVALID_ARGUMENT and the reason; a message
 * larger than the largest legitimate request for this node's model ({@link #maxRequestBytes}) is
 * cut off by the transport with RESOURCE_EXHAUSTED before it is read, and one connection runs at
 * most {@value #MAX_CALLS_PER_CONNECTION} calls at once. The model is read-only, so calls on
 * different connections run concurrently. The node logs nothing about the bytes it serves.
 */
public final class CompletionNode extends ByteCompletionGrpc.ByteCompletionImplBase {
    public static final int MAX_CONTEXT_BYTES = ByteCompletion.MAX_CONTEXT_BYTES;
    /** Calls one client connection may have in flight; more wait for one to finish. */
    public static final int MAX_CALLS_PER_CONNECTION = 8;
    /** The largest payment proof a node reads (a 64-bit range proof is well below it). */
    public static final int MAX_PAYMENT_PROOF_BYTES = Payment.MAX_PROOF_BYTES;
    /** The gRPC message around a grid item: a field tag and a length of at most 5 bytes. */
    private static final int CARRIER_BYTES = 8;

    /** How a node behaves: honestly, or (to test the clients' checks) breaking its promises. */
    public enum Conduct { HONEST, LATE, WRONG_ANSWER, WRONG_RECEIPT }

    /** The n-gram model, or null for a node serving a neural model. */
    private final NGramModel model;
    /** The neural model's service, or null for a node serving an n-gram model. */
    private final NeuralNodeService neural;
    private final AtomicLong served = new AtomicLong();
    private final AgentKey key;
    private final long price;
    private final String currency;
    private final long budgetMillis;
    private final Conduct conduct;
    private volatile boolean paymentRequired;
    private final BfvContext bfv;
    private final EncryptedModel encrypted;
    private final GridMessage index;
    private final int maxEncryptedRequestBytes;
    private final int maxRequestBytes;
    /** Set for a node of a federation ({@link #ofRoster}); null for one of a setup folder. */
    private final Member member;

    /** A node's place in a federation: its roster, its card there, its identity trusting the roster. */
    private record Member(Roster roster, Card card, TlsIdentity identity) {
    }

    /** An honest node with a fresh key, pricing each completion at 1 VEIL, answering within 5 s. */
    public CompletionNode(NGramModel model) {
        this(model, AgentKey.generate(new SecureRandom()), 1, "VEIL", 5_000, Conduct.HONEST);
    }

    /**
     * A node answering in the clear and under encryption (BFV N = 8192, 128-bit), promising each
     * answer, signed with {@code key}, for {@code price} units of its own {@code currency} within
     * {@code budgetMillis}.
     */
    public CompletionNode(NGramModel model, AgentKey key, long price, String currency, long budgetMillis, Conduct conduct) {
        this(model, key, price, currency, budgetMillis, conduct, null);
    }

    private CompletionNode(NGramModel model, AgentKey key, long price, String currency, long budgetMillis, Conduct conduct,
                           Member member) {
        this(model, null, key, price, currency, budgetMillis, conduct, member);
    }

    private CompletionNode(NGramModel model, NeuralNodeService neural, AgentKey key, long price, String currency,
                           long budgetMillis, Conduct conduct, Member member) {
        this.member = member;
        this.model = model;
        this.neural = neural;
        this.key = key;
        this.price = price;
        this.currency = currency;
        this.budgetMillis = budgetMillis;
        this.conduct = conduct;
        if (neural != null) {
            // A neural node: plaintext completions by the network, encrypted ones by
            // encrypted-neural-completion-1; the n-gram protocol's index and queries are refused.
            this.bfv = null;
            this.encrypted = null;
            this.index = null;
            this.maxEncryptedRequestBytes = 0;
            this.maxRequestBytes = Math.max(ByteCompletion.MAX_REQUEST_BYTES, Math.max(NeuralCompletion.MAX_REQUEST_BYTES,
                    NeuralCompletion.MAX_KEY_PART_BYTES)) + CARRIER_BYTES;
            return;
        }
        this.bfv = BfvContext.create(BfvParameters.preset(BfvPreset.N8192));
        this.encrypted = new EncryptedModel(bfv, model);
        List<byte[]> contexts = new ArrayList<>();
        for (NGramModel.Row r : model.rows()) {
            contexts.add(r.context());
        }
        this.index = GridMessages.wrap(new EncryptedByteCompletion.Index(BfvCodec.encode(bfv.parameters()), encrypted.groups(),
                contexts).encode());
        // The largest request this node can legitimately get: a full plaintext context, or an
        // encrypted query of `groups` ciphertexts, either with a payment.
        long sealed = EncryptedByteCompletion.maxRequestBytes(encrypted.groups(), encrypted.maxQueryCiphertextBytes());
        this.maxEncryptedRequestBytes = (int) Math.min(Integer.MAX_VALUE - CARRIER_BYTES, sealed);
        this.maxRequestBytes = Math.max(ByteCompletion.MAX_REQUEST_BYTES, maxEncryptedRequestBytes) + CARRIER_BYTES;
    }

    /**
     * A node serving a neural model: plaintext completions by the network (byte-completion-2)
     * and encrypted next bytes (encrypted-neural-completion-1), promising each answer as the
     * n-gram node does.
     */
    public static CompletionNode neural(NeuralNodeService service, AgentKey key, long price, String currency,
                                        long budgetMillis, Conduct conduct) {
        return new CompletionNode(null, java.util.Objects.requireNonNull(service, "service"), key, price, currency,
                budgetMillis, conduct, null);
    }

    /** {@link #ofRoster(NGramModel, Roster, IdentityFolder, long, String, long)} for a node serving a neural model. */
    public static CompletionNode ofRoster(NeuralNodeService service, Roster roster, IdentityFolder me, long price,
                                          String currency, long budgetMillis) {
        TlsIdentity identity = GridRoster.member(roster, me, Role.GRID_NODE);
        return new CompletionNode(null, java.util.Objects.requireNonNull(service, "service"), me.agentKey(), price,
                currency, budgetMillis, Conduct.HONEST, new Member(roster, roster.card(me.card().name()).orElseThrow(), identity));
    }

    /**
     * An honest node of a federation, from its own identity folder: it signs promises with the
     * folder's agent key (the key its card carries, which clients pin from the roster), trusts
     * exactly the roster's certificates in TLS, refuses a caller holding another roster
     * ({@link RosterCheck}) and serves only the roster's grid clients. Start it with
     * {@link #start(InetSocketAddress)}.
     *
     * <p>Several processes may run from copies of one folder as replicas of the node, one per
     * address on its card: a node keeps nothing per request or per client (its only state, the
     * {@link #served()} count, is each replica's own), so replicas share nothing.
     *
     * @throws ParameterException if {@code me} is not a grid node of the roster, or its
     *         certificate or agent key is not the roster's
     */
    public static CompletionNode ofRoster(NGramModel model, Roster roster, IdentityFolder me, long price, String currency,
                                          long budgetMillis) {
        TlsIdentity identity = GridRoster.member(roster, me, Role.GRID_NODE);
        return new CompletionNode(model, me.agentKey(), price, currency, budgetMillis, Conduct.HONEST,
                new Member(roster, roster.card(me.card().name()).orElseThrow(), identity));
    }

    /**
     * Starts a node made by {@link #ofRoster} on {@code address}, or, when it is null, on its card's
     * address (or host) and port. A card listing several addresses names several replicas: each
     * replica is given its own address.
     *
     * @throws ParameterException if the address cannot be bound (in use, not this host's), or is
     *         null and the card lists several
     * @throws IllegalStateException if this node was not made by {@link #ofRoster}
     */
    public Server start(InetSocketAddress address) {
        if (member == null) {
            throw new IllegalStateException("a node of a setup folder is started with its TLS identity");
        }
        Card.Statement card = member.card().statement();
        InetSocketAddress bind = address;
        if (bind == null) {
            if (card.addresses().size() > 1) {
                throw new ParameterException("the card of '" + card.name() + "' lists " + card.addresses().size()
                        + " addresses, one per replica: give this replica the address to listen on");
            }
            bind = Replicas.ownAddress(member.card());
        }
        try {
            // Added last, runs first: another federation's caller is refused before its role is looked at.
            return start(bind, member.identity(), GridRoster.gridClientsOnly(member.roster()),
                    RosterCheck.server(member.roster()));
        } catch (IOException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new ParameterException("grid node '" + card.name() + "' cannot listen on " + bind.getHostString() + ":"
                    + bind.getPort() + " (" + SafeText.abbreviate(String.valueOf(root.getMessage()), 200) + ")", e);
        }
    }

    /**
     * The largest request message this node reads: the larger of a plaintext request with a full
     * context and an encrypted query for this model's rows, each with a payment proof.
     */
    public int maxRequestBytes() {
        return maxRequestBytes;
    }

    /**
     * Starts the node on {@code address} (port 0 for an ephemeral one); {@code interceptors}, if
     * any, see every call before the service does (e.g. to meter them).
     */
    public Server start(InetSocketAddress address, TlsIdentity identity, io.grpc.ServerInterceptor... interceptors)
            throws IOException {
        io.grpc.ServerBuilder<?> builder = MutualTls.serverBuilder(address, identity);
        if (!(builder instanceof io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder netty)) {
            // The per-connection limit is part of the node's defence; never start without it.
            throw new IllegalStateException("expected a Netty server builder, got " + builder.getClass().getName());
        }
        return netty.maxInboundMessageSize(maxRequestBytes)
                .maxConcurrentCallsPerConnection(MAX_CALLS_PER_CONNECTION)
                .addService(io.grpc.ServerInterceptors.intercept(this, interceptors))
                .build()
                .start();
    }

    /** Requests answered so far. */
    public long served() {
        return served.get();
    }

    @Override
    public void complete(GridMessage message, StreamObserver<GridMessage> out) {
        byte[] request;
        ByteCompletion.Request r;
        try {
            request = GridMessages.unwrap(message, "completion request");
            r = ByteCompletion.Request.decode(request);
            checkPayment(r.payment());
        } catch (VeilException e) {
            refuse(out, e);
            return;
        }
        CompletionPromise promise = promise(request);
        byte[] continuation = model != null ? Arrays.copyOf(model.lookup(r.context()), r.maxBytes())
                : neural.plain().complete(r.context(), r.maxBytes());
        byte[] sent = misbehave(continuation);
        GridMessage answer = GridMessages.wrap(ByteCompletion.response(sent, promise.toBytes(),
                receipt(promise, sent).toBytes()).encode());
        // Counted before it is sent: a client holding the answer must find it counted.
        served.incrementAndGet();
        out.onNext(answer);
        out.onCompleted();
    }

    @Override
    public void getIndex(GridMessage message, StreamObserver<GridMessage> out) {
        if (model == null) {
            servesNeural(out);
            return;
        }
        try {
            EncryptedByteCompletion.readIndexRequest(GridMessages.unwrap(message, "index request"));
        } catch (VeilException e) {
            refuse(out, e);
            return;
        }
        out.onNext(index);
        out.onCompleted();
    }

    /** The selection is evaluated on ciphertexts only: the node never sees the context or the answer. */
    @Override
    public void completeEncrypted(GridMessage message, StreamObserver<GridMessage> out) {
        if (model == null) {
            servesNeural(out);
            return;
        }
        try {
            byte[] request = GridMessages.unwrap(message, "encrypted request");
            // Sizes first: every ciphertext's length is checked while the item is scanned, and the
            // count here, before any ciphertext is decoded or a payment verified.
            EncryptedByteCompletion.Request r = EncryptedByteCompletion.Request.decode(request, maxEncryptedRequestBytes,
                    (int) encrypted.maxQueryCiphertextBytes());
            List<byte[]> ciphertexts = r.query();
            if (ciphertexts.size() != encrypted.groups()) {
                throw new org.veilgrid.core.errors.ParameterException("a query carries " + encrypted.groups()
                        + " ciphertexts, got " + ciphertexts.size());
            }
            checkPayment(r.payment());
            List<Ciphertext> query = new ArrayList<>();
            for (byte[] c : ciphertexts) {
                query.add(BfvCodec.decodeCiphertext(bfv, c));
            }
            CompletionPromise promise = promise(request);
            byte[] sent = misbehave(BfvCodec.encode(encrypted.answer(query)));
            GridMessage answer = GridMessages.wrap(EncryptedByteCompletion.response(sent, promise.toBytes(),
                    receipt(promise, sent).toBytes()).encode());
            served.incrementAndGet();
            out.onNext(answer);
            out.onCompleted();
        } catch (VeilException e) {
            refuse(out, e);
        }
    }

    private static void servesNeural(StreamObserver<GridMessage> out) {
        out.onError(Status.FAILED_PRECONDITION.withDescription("this node serves a neural model: ask it with"
                + " encrypted-neural-completion-1 (GetNeuralModel, UploadNeuralKeys, CompleteNeural)").asException());
    }

    private boolean servesNgram(StreamObserver<GridMessage> out) {
        if (neural != null) {
            return false;
        }
        out.onError(Status.FAILED_PRECONDITION.withDescription("this node serves an n-gram model, not a neural one: ask it"
                + " with encrypted-byte-completion-2 (GetIndex, CompleteEncrypted)").asException());
        return true;
    }

    @Override
    public void getNeuralModel(GridMessage message, StreamObserver<GridMessage> out) {
        if (servesNgram(out)) {
            return;
        }
        try {
            NeuralCompletion.readModelRequest(GridMessages.unwrap(message, "model request"));
        } catch (VeilException e) {
            refuse(out, e);
            return;
        }
        out.onNext(GridMessages.wrap(neural.description()));
        out.onCompleted();
    }

    /** Key parts are checked one by one as they arrive; the set is stored only when complete. */
    @Override
    public StreamObserver<GridMessage> uploadNeuralKeys(StreamObserver<GridMessage> out) {
        if (servesNgram(out)) {
            return new StreamObserver<>() {
                @Override
                public void onNext(GridMessage value) {
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onCompleted() {
                }
            };
        }
        NeuralNodeService.Upload upload = neural.upload();
        return new StreamObserver<>() {
            private boolean failed;

            @Override
            public void onNext(GridMessage part) {
                if (failed) {
                    return;
                }
                try {
                    upload.accept(GridMessages.unwrap(part, "key part"));
                } catch (VeilException e) {
                    failed = true;
                    refuse(out, e);
                }
            }

            @Override
            public void onError(Throwable t) {
                failed = true;
            }

            @Override
            public void onCompleted() {
                if (failed) {
                    return;
                }
                try {
                    byte[] stored = upload.finish();
                    out.onNext(GridMessages.wrap(stored));
                    out.onCompleted();
                } catch (VeilException e) {
                    refuse(out, e);
                }
            }
        };
    }

    /** The network is evaluated on the ciphertext only: the node never sees the context or the logits. */
    @Override
    public void completeNeural(GridMessage message, StreamObserver<GridMessage> out) {
        if (servesNgram(out)) {
            return;
        }
        try {
            byte[] request = GridMessages.unwrap(message, "neural request");
            NeuralCompletion.Request r = NeuralCompletion.Request.decode(request);
            checkPayment(r.payment());
            CompletionPromise promise = promise(request);
            byte[] sent = misbehave(neural.answer(r));
            GridMessage answer = GridMessages.wrap(NeuralCompletion.response(sent, promise.toBytes(),
                    receipt(promise, sent).toBytes()).encode());
            served.incrementAndGet();
            out.onNext(answer);
            out.onCompleted();
        } catch (UnknownKeyException e) {
            out.onError(Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asException());
        } catch (VeilException e) {
            refuse(out, e);
        }
    }

    private static void refuse(StreamObserver<GridMessage> out, VeilException e) {
        out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asException());
    }

    /**
     * From now on, requests (plaintext and encrypted) must carry a proof that the client's committed balance
     * covers this node's price ({@link org.veilgrid.grid.payment.BalanceProof}); returns this node.
     */
    public CompletionNode requirePayment() {
        this.paymentRequired = true;
        return this;
    }

    /** The node's public key (its identity in promises, receipts and ledgers). */
    public AgentPublicKey publicKey() {
        return key.publicKey();
    }

    private CompletionPromise promise(byte[] request) {
        return CompletionPromise.make(key, request, price, currency, System.currentTimeMillis() + budgetMillis);
    }

    private CompletionReceipt receipt(CompletionPromise promise, byte[] sent) {
        byte[] bound = conduct == Conduct.WRONG_RECEIPT ? Arrays.copyOf(sent, sent.length + 1) : sent;
        return CompletionReceipt.make(key, promise, bound, System.currentTimeMillis());
    }

    /** What a misbehaving node does to its answer (an honest one sends it as is). */
    private byte[] misbehave(byte[] answer) {
        if (conduct == Conduct.LATE) {
            try {
                Thread.sleep(budgetMillis + 200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (conduct == Conduct.WRONG_ANSWER && answer.length > 0) {
            byte[] wrong = answer.clone();
            wrong[0] ^= 1;
            return wrong;
        }
        return answer;
    }

    /**
     * Checks a request's payment: required where this node asks for one, and checked wherever one
     * is given.
     *
     * @throws org.veilgrid.core.errors.ParameterException if it is missing or does not cover the price
     */
    private void checkPayment(Payment payment) {
        if (payment == null) {
            if (paymentRequired) {
                throw new org.veilgrid.core.errors.ParameterException("this node asks for payment: a balance commitment"
                        + " and a proof that it covers " + price + " " + currency);
            }
            return;
        }
        try {
            payment.verify(price);
        } catch (VeilException e) {
            throw new org.veilgrid.core.errors.ParameterException("the payment proof does not show a balance covering "
                    + price + " " + currency);
        }
    }
}
