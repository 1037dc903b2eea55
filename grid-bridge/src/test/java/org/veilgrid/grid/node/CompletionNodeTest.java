package org.veilgrid.grid.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import com.upokecenter.cbor.CBORObject;
import io.grpc.Server;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.grid.GridEnvelope;
import org.veilgrid.core.grid.ProtocolId;
import org.veilgrid.core.tls.CertificateAuthority;
import org.veilgrid.grid.model.NGramModel;
import org.veilgrid.grid.protocol.EncryptedByteCompletion;
import org.veilgrid.grid.protocol.GridMessages;
import org.veilgrid.grid.protocol.GridProtocol;
import org.veilgrid.grid.wire.ByteCompletionGrpc;
import org.veilgrid.grid.wire.GridMessage;

/** The plaintext ByteCompletion service over gRPC with mutual TLS. */
class CompletionNodeTest {
    private static NGramModel model() throws Exception {
        try (var in = NGramModel.class.getResourceAsStream("/org/veilgrid/grid/corpus/gettysburg.txt")) {
            return NGramModel.train(in.readAllBytes(), 3);
        }
    }

    @Test
    void completionsOverGrpcEqualTheLocalModelEvenUnderAHundredConcurrentClients() throws Exception {
        NGramModel m = model();
        CertificateAuthority ca = CertificateAuthority.create();
        CompletionNode node = new CompletionNode(m);
        Server server = node.start(new InetSocketAddress("127.0.0.1", 0), ca.issue("node"));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> clients = new ArrayList<>();
            for (int c = 0; c < 100; c++) {
                int seed = c;
                var identity = ca.issue("client-" + c);
                clients.add(pool.submit(() -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    try (CompletionClient client = new CompletionClient("127.0.0.1", server.getPort(), identity, "node",
                            Duration.ofSeconds(30))) {
                        for (int i = 0; i < 5; i++) {
                            byte[] ctx = new byte[r.nextInt(12)];
                            for (int j = 0; j < ctx.length; j++) {
                                ctx[j] = (byte) (32 + r.nextInt(95));
                            }
                            int n = 1 + r.nextInt(16);
                            assertArrayEquals(java.util.Arrays.copyOf(m.lookup(ctx), n), client.complete(ctx, n, node.publicKey()));
                        }
                    }
                    return 5;
                }));
            }
            int total = 0;
            for (Future<Integer> f : clients) {
                total += f.get();
            }
            assertEquals(500, total);
            assertEquals(500, node.served(), "no request lost");
        } finally {
            pool.shutdownNow();
            org.veilgrid.core.tls.MutualTls.stop(server);
        }
    }

    @Test
    void malformedRequestsGetTheReason() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create();
        CompletionNode node = new CompletionNode(model());
        Server server = node.start(new InetSocketAddress("127.0.0.1", 0), ca.issue("node"));
        var key = node.publicKey();
        io.grpc.ManagedChannel raw = org.veilgrid.core.tls.MutualTls.channel("127.0.0.1", server.getPort(), ca.issue("r"), "node");
        try (CompletionClient client = new CompletionClient("127.0.0.1", server.getPort(), ca.issue("c"), "node", Duration.ofSeconds(10))) {
            // The client refuses to send what the protocol does not allow...
            assertTrue(assertThrows(ParameterException.class, () -> client.complete("x".getBytes(), 17, key))
                    .getMessage().contains("max-bytes"));
            assertTrue(assertThrows(ParameterException.class, () -> client.complete("x".getBytes(), 0, key))
                    .getMessage().contains("max-bytes"));
            assertTrue(assertThrows(ParameterException.class, () -> client.complete(new byte[5000], 4, key))
                    .getMessage().contains("context"));
            assertEquals("ple", new String(client.complete("of the peo".getBytes(StandardCharsets.US_ASCII), 3, key),
                    StandardCharsets.US_ASCII), "'of the peo' continues to 'people'");
            // ...and the node refuses it from anyone else, with the reason.
            var stub = ByteCompletionGrpc.newBlockingStub(raw).withDeadlineAfter(30, TimeUnit.SECONDS);
            var pcid = GridProtocol.BYTE_COMPLETION.id();
            java.util.Map<String, byte[]> refused = new java.util.LinkedHashMap<>();
            refused.put("max-bytes", new GridEnvelope(pcid, java.util.List.of(
                    CBORObject.FromObject(new byte[] {'x'}), CBORObject.FromObject(17),
                    CBORObject.Null)).encode());
            refused.put("4096", new GridEnvelope(pcid, java.util.List.of(
                    CBORObject.FromObject(new byte[5000]), CBORObject.FromObject(4),
                    CBORObject.Null)).encode());
            refused.put("unknown protocol", new GridEnvelope(
                    ProtocolId.ofDocument("another spec".getBytes(StandardCharsets.US_ASCII)), java.util.List.of(
                    CBORObject.FromObject(new byte[] {'x'}), CBORObject.FromObject(4),
                    CBORObject.Null)).encode());
            refused.put("not of byte-completion-2", EncryptedByteCompletion.indexRequest());
            refused.put("grid", "not CBOR".getBytes(StandardCharsets.US_ASCII));
            for (var e : refused.entrySet()) {
                var r = assertThrows(io.grpc.StatusRuntimeException.class,
                        () -> stub.complete(GridMessages.wrap(e.getValue())));
                assertEquals(io.grpc.Status.Code.INVALID_ARGUMENT, r.getStatus().getCode(), e.getKey());
                assertTrue(r.getStatus().getDescription().contains(e.getKey()), r.getStatus().getDescription());
            }
            assertEquals(1, node.served(), "only the well-formed request was served");
        } finally {
            raw.shutdownNow();
            org.veilgrid.core.tls.MutualTls.stop(server);
        }
    }

    @Test
    void aVersionOneRequestIsRefusedNamingItsVersion() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create();
        CompletionNode node = new CompletionNode(model());
        Server server = node.start(new InetSocketAddress("127.0.0.1", 0), ca.issue("node"));
        io.grpc.ManagedChannel raw = org.veilgrid.core.tls.MutualTls.channel("127.0.0.1", server.getPort(), ca.issue("c"), "node");
        try {
            var stub = ByteCompletionGrpc.newBlockingStub(raw).withDeadlineAfter(30, TimeUnit.SECONDS);
            // What a version-1 client sent: protobuf fields, field 1 the version (1), field 2 the context.
            var old = UnknownFieldSet.newBuilder()
                    .addField(1, UnknownFieldSet.Field.newBuilder().addVarint(1).build())
                    .addField(2, UnknownFieldSet.Field.newBuilder()
                            .addLengthDelimited(ByteString.copyFromUtf8("of the peo")).build())
                    .build();
            var message = GridMessage.parseFrom(old.toByteString());
            for (java.util.function.Function<GridMessage, ?> call : java.util.List.<java.util.function.Function<
                    GridMessage, ?>>of(stub::complete, stub::completeEncrypted, stub::getIndex)) {
                var r = assertThrows(io.grpc.StatusRuntimeException.class, () -> call.apply(message));
                assertEquals(io.grpc.Status.Code.INVALID_ARGUMENT, r.getStatus().getCode());
                assertTrue(r.getStatus().getDescription().contains("version-1") && r.getStatus().getDescription().contains("version 2"),
                        r.getStatus().getDescription());
            }
        } finally {
            raw.shutdownNow();
            org.veilgrid.core.tls.MutualTls.stop(server);
        }
    }

    @Test
    void encryptedCompletionsOverGrpcEqualThePlaintextModel() throws Exception {
        NGramModel m = model();
        CertificateAuthority ca = CertificateAuthority.create();
        CompletionNode node = new CompletionNode(m);
        Server server = node.start(new InetSocketAddress("127.0.0.1", 0), ca.issue("node"));
        try (org.veilgrid.grid.encrypted.EncryptedCompletionClient client = new org.veilgrid.grid.encrypted.EncryptedCompletionClient(
                "127.0.0.1", server.getPort(), ca.issue("c"), "node", Duration.ofSeconds(30))) {
            for (String ctx : new String[] {"of the peo", "Four score", "", "xyzzy", "dedicated to the"}) {
                byte[] c = ctx.getBytes(StandardCharsets.US_ASCII);
                assertArrayEquals(m.lookup(c), client.complete(c, node.publicKey()), "context '" + ctx + "'");
            }
        } finally {
            org.veilgrid.core.tls.MutualTls.stop(server);
        }
    }

    @Test
    void encryptedRequestsThatDoNotDecodeAreRefusedAndNothingPlainIsLoggedOrKept() throws Exception {
        NGramModel m = model();
        CertificateAuthority ca = CertificateAuthority.create();
        CompletionNode node = new CompletionNode(m);
        Server server = node.start(new InetSocketAddress("127.0.0.1", 0), ca.issue("node"));
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream oldErr = System.err;
        java.io.PrintStream oldOut = System.out;
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        java.util.logging.Handler handler = new java.util.logging.StreamHandler(captured, new java.util.logging.SimpleFormatter());
        handler.setLevel(java.util.logging.Level.ALL);
        root.addHandler(handler);
        String secret = "a very private context";
        io.grpc.ManagedChannel raw = org.veilgrid.core.tls.MutualTls.channel("127.0.0.1", server.getPort(), ca.issue("c"), "node");
        try {
            System.setErr(new java.io.PrintStream(captured, true));
            System.setOut(new java.io.PrintStream(captured, true));
            var stub = ByteCompletionGrpc.newBlockingStub(raw);
            byte[] notACiphertext = "not a ciphertext".getBytes(StandardCharsets.US_ASCII);
            var bad = assertThrows(io.grpc.StatusRuntimeException.class, () -> stub.completeEncrypted(
                    GridMessages.wrap(new EncryptedByteCompletion.Request(
                            java.util.List.of(notACiphertext), null).encode())));
            assertEquals(io.grpc.Status.Code.INVALID_ARGUMENT, bad.getStatus().getCode());
            assertTrue(bad.getStatus().getDescription().contains("iphertext"), bad.getStatus().getDescription());
            var count = assertThrows(io.grpc.StatusRuntimeException.class, () -> stub.completeEncrypted(
                    GridMessages.wrap(new EncryptedByteCompletion.Request(
                            java.util.List.of(notACiphertext, notACiphertext), null).encode())));
            assertTrue(count.getStatus().getDescription().contains("a query carries 1 ciphertexts, got 2"),
                    count.getStatus().getDescription());
            try (org.veilgrid.grid.encrypted.EncryptedCompletionClient client = new org.veilgrid.grid.encrypted.EncryptedCompletionClient(
                    "127.0.0.1", server.getPort(), ca.issue("c2"), "node", Duration.ofSeconds(30))) {
                assertArrayEquals(m.lookup(secret.getBytes(StandardCharsets.US_ASCII)),
                        client.complete(secret.getBytes(StandardCharsets.US_ASCII), node.publicKey()));
            }
        } finally {
            raw.shutdownNow();
            System.setErr(oldErr);
            System.setOut(oldOut);
            handler.flush();
            root.removeHandler(handler);
            org.veilgrid.core.tls.MutualTls.stop(server);
        }
        assertTrue(!captured.toString(StandardCharsets.UTF_8).contains(secret), "the context appeared in a log");
        assertTrue(!java.util.Arrays.toString(CompletionNode.class.getDeclaredFields()).contains("context"),
                "the node keeps no per-request state");
    }
}
