package org.veilgrid.grid.node;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.veilgrid.core.tls.MutualTls;
import org.veilgrid.core.tls.TlsIdentity;
import org.veilgrid.grid.model.NGramModel;
import org.veilgrid.grid.wire.ByteCompletionGrpc;
import org.veilgrid.grid.wire.CompletionRequest;
import org.veilgrid.grid.wire.CompletionResponse;

/**
 * A grid node serving byte completions over gRPC with mutual TLS, in the clear and encrypted:
 * bytes in, bytes out, one round trip. Requests are checked before use (version, sizes, byte
 * count) and refused with INVALID_ARGUMENT and the reason; a message larger than the largest
 * legitimate request for this node's model ({@link #maxRequestBytes}) is cut off by the transport
 * with RESOURCE_EXHAUSTED before it is read, and one connection runs at most
 * {@value #MAX_CALLS_PER_CONNECTION} calls at once. The model is read-only, so calls on different
 * connections run concurrently. The node logs nothing about the bytes it serves.
 */
public final class CompletionNode extends ByteCompletionGrpc.ByteCompletionImplBase {
    public static final int VERSION = 1;
    public static final int MAX_CONTEXT_BYTES = 4096;
    /** Calls one client connection may have in flight; more wait for one to finish. */
    public static final int MAX_CALLS_PER_CONNECTION = 8;
    /** The largest payment proof a node reads (a 64-bit range proof is well below it). */
    public static final int MAX_PAYMENT_PROOF_BYTES = 2048;
    /** Framing and small fields of a request (version, max_bytes, tags, lengths, the commitment). */
    private static final int REQUEST_OVERHEAD_BYTES = 256;

    /** How a node behaves: honestly, or (to test the clients' checks) breaking its promises. */
    public enum Conduct { HONEST, LATE, WRONG_ANSWER, WRONG_RECEIPT }

    private final NGramModel model;
    private final AtomicLong served = new AtomicLong();
    private final org.veilgrid.zk.promise.AgentKeys keys;
    private final long price;
    private final String currency;
    private final long budgetMillis;
    private final Conduct conduct;
    private volatile boolean paymentRequired;
    private final org.veilgrid.fhe.bfv.BfvContext bfv;
    private final org.veilgrid.grid.encrypted.EncryptedModel encrypted;
    private final org.veilgrid.grid.wire.ModelIndex index;
    private final int maxRequestBytes;

    /** An honest node with a fresh key, pricing each completion at 1 VEIL, answering within 5 s. */
    public CompletionNode(NGramModel model) {
        this(model, org.veilgrid.zk.promise.AgentKeys.generate(new java.security.SecureRandom()), 1, "VEIL", 5_000, Conduct.HONEST);
    }

    /**
     * A node answering in the clear and under encryption (BFV N = 8192, 128-bit), promising each
     * answer for {@code price} units of its own {@code currency} within {@code budgetMillis}.
     */
    public CompletionNode(NGramModel model, org.veilgrid.zk.promise.AgentKeys keys, long price, String currency,
                          long budgetMillis, Conduct conduct) {
        this.model = model;
        this.keys = keys;
        this.price = price;
        this.currency = currency;
        this.budgetMillis = budgetMillis;
        this.conduct = conduct;
        this.bfv = org.veilgrid.fhe.bfv.BfvContext.create(org.veilgrid.fhe.bfv.BfvParameters.preset(
                org.veilgrid.fhe.bfv.BfvPreset.N8192));
        this.encrypted = new org.veilgrid.grid.encrypted.EncryptedModel(bfv, model);
        org.veilgrid.grid.wire.ModelIndex.Builder b = org.veilgrid.grid.wire.ModelIndex.newBuilder().setVersion(VERSION)
                .setBfvParameters(com.google.protobuf.ByteString.copyFrom(org.veilgrid.fhe.bfv.BfvCodec.encode(bfv.parameters())))
                .setGroups(encrypted.groups());
        for (NGramModel.Row r : model.rows()) {
            b.addContexts(com.google.protobuf.ByteString.copyFrom(r.context()));
        }
        this.index = b.build();
        // The largest request this node can legitimately get: a full plaintext context, or an
        // encrypted query of `groups` ciphertexts (each with a tag and a length), either with a payment.
        long plain = MAX_CONTEXT_BYTES + MAX_PAYMENT_PROOF_BYTES + REQUEST_OVERHEAD_BYTES;
        long sealed = encrypted.groups() * (encrypted.maxQueryCiphertextBytes() + 8) + MAX_PAYMENT_PROOF_BYTES
                + REQUEST_OVERHEAD_BYTES;
        this.maxRequestBytes = (int) Math.min(Integer.MAX_VALUE, Math.max(plain, sealed));
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
    public void complete(CompletionRequest request, StreamObserver<CompletionResponse> out) {
        String problem = check(request);
        if (problem == null && (paymentRequired || !request.getPaymentProof().isEmpty())) {
            problem = checkPayment(request.getBalanceCommitment(), request.getPaymentProof());
        }
        if (problem != null) {
            out.onError(Status.INVALID_ARGUMENT.withDescription(problem).asException());
            return;
        }
        org.veilgrid.grid.promise.CompletionPromise promise = promise(request.toByteArray());
        byte[] continuation = Arrays.copyOf(model.lookup(request.getContext().toByteArray()), request.getMaxBytes());
        byte[] sent = misbehave(continuation);
        out.onNext(CompletionResponse.newBuilder().setVersion(VERSION)
                .setContinuation(com.google.protobuf.ByteString.copyFrom(sent))
                .setPromise(com.google.protobuf.ByteString.copyFrom(promise.toBytes()))
                .setReceipt(com.google.protobuf.ByteString.copyFrom(receipt(promise, sent).toBytes()))
                .build());
        out.onCompleted();
        served.incrementAndGet();
    }

    @Override
    public void getIndex(org.veilgrid.grid.wire.IndexRequest request, StreamObserver<org.veilgrid.grid.wire.ModelIndex> out) {
        out.onNext(index);
        out.onCompleted();
    }

    /** The selection is evaluated on ciphertexts only: the node never sees the context or the answer. */
    @Override
    public void completeEncrypted(org.veilgrid.grid.wire.EncryptedCompletionRequest request,
                                  StreamObserver<org.veilgrid.grid.wire.EncryptedCompletionResponse> out) {
        if (request.getVersion() != VERSION) {
            out.onError(Status.INVALID_ARGUMENT.withDescription("version " + request.getVersion() + " is not supported").asException());
            return;
        }
        // Sizes first: nothing is decoded or verified for a request of the wrong shape.
        if (request.getQueryCount() != encrypted.groups()) {
            out.onError(Status.INVALID_ARGUMENT.withDescription("a query carries " + encrypted.groups()
                    + " ciphertexts, got " + request.getQueryCount()).asException());
            return;
        }
        long maxCiphertext = encrypted.maxQueryCiphertextBytes();
        for (int i = 0; i < request.getQueryCount(); i++) {
            if (request.getQuery(i).size() > maxCiphertext) {
                out.onError(Status.INVALID_ARGUMENT.withDescription("query ciphertext " + i + " has "
                        + request.getQuery(i).size() + " bytes; at most " + maxCiphertext).asException());
                return;
            }
        }
        if (paymentRequired || !request.getPaymentProof().isEmpty()) {
            String unpaid = checkPayment(request.getBalanceCommitment(), request.getPaymentProof());
            if (unpaid != null) {
                out.onError(Status.INVALID_ARGUMENT.withDescription(unpaid).asException());
                return;
            }
        }
        java.util.List<org.veilgrid.fhe.bfv.Ciphertext> query = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < request.getQueryCount(); i++) {
                query.add(org.veilgrid.fhe.bfv.BfvCodec.decodeCiphertext(bfv, request.getQuery(i).toByteArray()));
            }
            org.veilgrid.grid.promise.CompletionPromise promise = promise(request.toByteArray());
            org.veilgrid.fhe.bfv.Ciphertext answer = encrypted.answer(query);
            byte[] sent = misbehave(org.veilgrid.fhe.bfv.BfvCodec.encode(answer));
            out.onNext(org.veilgrid.grid.wire.EncryptedCompletionResponse.newBuilder().setVersion(VERSION)
                    .setAnswer(com.google.protobuf.ByteString.copyFrom(sent))
                    .setPromise(com.google.protobuf.ByteString.copyFrom(promise.toBytes()))
                    .setReceipt(com.google.protobuf.ByteString.copyFrom(receipt(promise, sent).toBytes())).build());
            out.onCompleted();
            served.incrementAndGet();
        } catch (org.veilgrid.core.errors.VeilException e) {
            out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asException());
        }
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
    public byte[] publicKey() {
        return keys.publicKey();
    }

    private org.veilgrid.grid.promise.CompletionPromise promise(byte[] request) {
        return org.veilgrid.grid.promise.CompletionPromise.make(keys, request, price, currency,
                System.currentTimeMillis() + budgetMillis);
    }

    private org.veilgrid.grid.promise.CompletionReceipt receipt(org.veilgrid.grid.promise.CompletionPromise promise, byte[] sent) {
        byte[] bound = conduct == Conduct.WRONG_RECEIPT ? Arrays.copyOf(sent, sent.length + 1) : sent;
        return org.veilgrid.grid.promise.CompletionReceipt.make(keys, promise, bound, System.currentTimeMillis());
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

    private String checkPayment(com.google.protobuf.ByteString commitment, com.google.protobuf.ByteString proof) {
        if (proof.isEmpty() || commitment.size() != 32) {
            return "this node asks for payment: a balance commitment and a proof that it covers " + price + " " + currency;
        }
        if (proof.size() > MAX_PAYMENT_PROOF_BYTES) {
            return "the payment proof has " + proof.size() + " bytes; at most " + MAX_PAYMENT_PROOF_BYTES;
        }
        try {
            org.veilgrid.zk.group.RistrettoPoint c = org.veilgrid.zk.group.RistrettoPoint.decode(commitment.toByteArray());
            org.veilgrid.grid.payment.BalanceProof.verify(c, price, proof.toByteArray());
            return null;
        } catch (org.veilgrid.core.errors.VeilException e) {
            return "the payment proof does not show a balance covering " + price + " " + currency;
        }
    }

    static String check(CompletionRequest r) {
        if (r.getVersion() != VERSION) {
            return "version " + r.getVersion() + " is not supported (expected " + VERSION + ")";
        }
        if (r.getContext().size() > MAX_CONTEXT_BYTES) {
            return "context has " + r.getContext().size() + " bytes; at most " + MAX_CONTEXT_BYTES;
        }
        if (r.getMaxBytes() < 1 || r.getMaxBytes() > NGramModel.COMPLETION_BYTES) {
            return "max_bytes must lie in [1, " + NGramModel.COMPLETION_BYTES + "], got " + r.getMaxBytes();
        }
        return null;
    }
}
