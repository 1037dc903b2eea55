package org.veilgrid.grid.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.core.tls.CertificateAuthority;
import org.veilgrid.core.tls.MutualTls;
import org.veilgrid.fhe.bfv.BfvCodec;
import org.veilgrid.fhe.bfv.BfvContext;
import org.veilgrid.fhe.bfv.BfvParameters;
import org.veilgrid.fhe.bfv.BfvPreset;
import org.veilgrid.fhe.bfv.KeyGenerator;
import org.veilgrid.grid.encrypted.EncryptedCompletionClient;
import org.veilgrid.grid.encrypted.EncryptedModel;
import org.veilgrid.grid.encrypted.EncryptedQuery;
import org.veilgrid.grid.model.NGramModel;
import com.upokecenter.cbor.CBORObject;
import org.veilgrid.core.grid.GridEnvelope;
import org.veilgrid.grid.protocol.EncryptedByteCompletion;
import org.veilgrid.grid.protocol.GridMessages;
import org.veilgrid.grid.protocol.GridProtocol;
import org.veilgrid.grid.wire.ByteCompletionGrpc;
import org.veilgrid.grid.wire.GridMessage;

/** What a node and an encrypted client read from the other side is bounded by what the protocol needs. */
class NodeLimitsTest {
    private static NGramModel model() {
        return NGramModel.train(NGramModel.shippedCorpus(), 3);
    }

    private static Status.Code codeOf(Runnable call) {
        return assertThrows(StatusRuntimeException.class, call::run).getStatus().getCode();
    }

    @Test
    void theNodeReadsNoMessageLargerThanItsLargestLegitimateRequest() throws Exception {
        NGramModel m = model();
        CertificateAuthority ca = CertificateAuthority.create();
        CompletionNode node = new CompletionNode(m);
        Server server = node.start(new InetSocketAddress("127.0.0.1", 0), ca.issue("node"));
        ManagedChannel raw = MutualTls.channel("127.0.0.1", server.getPort(), ca.issue("c"), "node");
        try {
            var stub = ByteCompletionGrpc.newBlockingStub(raw).withDeadlineAfter(60, TimeUnit.SECONDS);
            // The bound follows the model: its encrypted query plus a payment, far below the old 64 MiB.
            BfvContext bfv = BfvContext.create(BfvParameters.preset(BfvPreset.N8192));
            EncryptedModel sealed = new EncryptedModel(bfv, m);
            EncryptedQuery query = new EncryptedQuery(bfv, new KeyGenerator(bfv).secretKey());
            int fresh = BfvCodec.encode(query.select(0, sealed.rows()).get(0)).length;
            assertTrue(fresh <= sealed.maxQueryCiphertextBytes() && fresh > 0.9 * sealed.maxQueryCiphertextBytes(),
                    fresh + " bytes against a bound of " + sealed.maxQueryCiphertextBytes());
            assertTrue(node.maxRequestBytes() < sealed.groups() * (sealed.maxQueryCiphertextBytes() + 8) + 4096,
                    "bound " + node.maxRequestBytes());

            GridMessage junk = GridMessages.wrap(new byte[node.maxRequestBytes() + 1]);
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, codeOf(() -> stub.completeEncrypted(junk)), "cut off unread");
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, codeOf(() -> stub.complete(junk)));
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, codeOf(() -> stub.getIndex(junk)));
            // Just under the bound the transport delivers it, and the node refuses it by its checks:
            // the oversized ciphertext is found while the item is scanned, before anything is built.
            List<byte[]> oversizedQuery = new ArrayList<>();
            for (int g = 0; g < sealed.groups(); g++) {
                oversizedQuery.add(g == 0 ? new byte[node.maxRequestBytes() - 128] : new byte[1]);
            }
            byte[] under = new EncryptedByteCompletion.Request(oversizedQuery, null).encode();
            assertTrue(under.length < node.maxRequestBytes() - 8);
            StatusRuntimeException big = assertThrows(StatusRuntimeException.class, () -> stub.completeEncrypted(GridMessages.wrap(under)));
            assertEquals(Status.Code.INVALID_ARGUMENT, big.getStatus().getCode());
            assertTrue(big.getStatus().getDescription().contains("byte string of " + (node.maxRequestBytes() - 128)
                    + " bytes, more than the " + sealed.maxQueryCiphertextBytes() + " allowed"), big.getStatus().getDescription());
            // A plaintext request is read only up to its own, far smaller bound.
            byte[] longContext = new GridEnvelope(GridProtocol.BYTE_COMPLETION.id(), List.of(CBORObject.FromObject(
                    new byte[100_000]), CBORObject.FromObject(4), CBORObject.Null)).encode();
            StatusRuntimeException plain = assertThrows(StatusRuntimeException.class, () -> stub.complete(GridMessages.wrap(longContext)));
            assertEquals(Status.Code.INVALID_ARGUMENT, plain.getStatus().getCode());
            assertTrue(plain.getStatus().getDescription().contains("more than the 6400"), plain.getStatus().getDescription());
            assertEquals(0, node.served());
        } finally {
            raw.shutdownNow();
            MutualTls.stop(server);
        }
    }

    @Test
    void oneConnectionRunsAtMostTheAllowedNumberOfCallsAtOnce() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create();
        Semaphore entered = new Semaphore(0);
        CountDownLatch release = new CountDownLatch(1);
        ServerInterceptor gate = new ServerInterceptor() {
            @Override
            public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                              ServerCallHandler<Q, A> next) {
                entered.release();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return next.startCall(call, headers);
            }
        };
        Server server = new CompletionNode(model()).start(new InetSocketAddress("127.0.0.1", 0), ca.issue("node"), gate);
        ManagedChannel channel = MutualTls.channel("127.0.0.1", server.getPort(), ca.issue("c"), "node");
        int calls = CompletionNode.MAX_CALLS_PER_CONNECTION + 4;
        CountDownLatch answered = new CountDownLatch(calls);
        try {
            var stub = ByteCompletionGrpc.newStub(channel).withDeadlineAfter(120, TimeUnit.SECONDS);
            for (int i = 0; i < calls; i++) {
                stub.getIndex(GridMessages.wrap(EncryptedByteCompletion.indexRequest()), new StreamObserver<>() {
                    @Override
                    public void onNext(GridMessage value) {
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onCompleted() {
                        answered.countDown();
                    }
                });
            }
            assertTrue(entered.tryAcquire(CompletionNode.MAX_CALLS_PER_CONNECTION, 60, TimeUnit.SECONDS),
                    "the first calls reach the node");
            // While those are held, no further call on the connection may start.
            assertFalse(entered.tryAcquire(1, 500, TimeUnit.MILLISECONDS), "a call beyond the limit started");
            release.countDown();
            assertTrue(answered.await(60, TimeUnit.SECONDS), "every call is answered once others finish");
        } finally {
            release.countDown();
            channel.shutdownNow();
            MutualTls.stop(server);
        }
    }

    /** A node (test code) whose index is whatever the test gives it. */
    private static Server fakeNode(CertificateAuthority ca, byte[] index) throws Exception {
        return MutualTls.serverBuilder(new InetSocketAddress("127.0.0.1", 0), ca.issue("node"))
                .addService(new ByteCompletionGrpc.ByteCompletionImplBase() {
                    @Override
                    public void getIndex(GridMessage request, StreamObserver<GridMessage> out) {
                        out.onNext(GridMessages.wrap(index));
                        out.onCompleted();
                    }
                })
                .maxInboundMessageSize(1 << 20)
                .build()
                .start();
    }

    /** An index of {@code rows} rows, made by hand: the protocol's Index would refuse too many. */
    private static byte[] index(int rows) {
        CBORObject contexts = CBORObject.NewArray().Add(CBORObject.FromObject(new byte[0]));
        for (int r = 1; r < rows; r++) {
            contexts.Add(CBORObject.FromObject(new byte[] {(byte) (r >>> 16), (byte) (r >>> 8), (byte) r}));
        }
        return new GridEnvelope(GridProtocol.ENCRYPTED_BYTE_COMPLETION.id(), List.of(
                CBORObject.FromObject(BfvCodec.encode(BfvParameters.preset(BfvPreset.N8192))),
                CBORObject.FromObject(Math.min(64, (rows + 1023) / 1024)), contexts)).encode();
    }

    @Test
    void anEncryptedClientRefusesAnIndexBeyondTheLargestModel() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create();
        // Within the message bound but with more rows than any model has: refused by count.
        Server tooManyRows = fakeNode(ca, index(NGramModel.MAX_CONTEXTS + 1));
        // Far more rows than that, 1.5 MB on the wire: cut off before it is read.
        Server tooLarge = fakeNode(ca, index(300_000));
        try {
            MalformedInputException rows = assertThrows(MalformedInputException.class, () -> new EncryptedCompletionClient(
                    "127.0.0.1", tooManyRows.getPort(), ca.issue("c"), "node", Duration.ofSeconds(30)));
            assertTrue(rows.getMessage().contains("at most " + NGramModel.MAX_CONTEXTS), rows.getMessage());
            ProtocolAbortException large = assertThrows(ProtocolAbortException.class, () -> new EncryptedCompletionClient(
                    "127.0.0.1", tooLarge.getPort(), ca.issue("c"), "node", Duration.ofSeconds(30)));
            assertTrue(large.getMessage().contains("RESOURCE_EXHAUSTED"), large.getMessage());
            assertTrue(index(300_000).length > EncryptedCompletionClient.MAX_RESPONSE_BYTES);
        } finally {
            MutualTls.stop(tooManyRows);
            MutualTls.stop(tooLarge);
        }
    }
}
