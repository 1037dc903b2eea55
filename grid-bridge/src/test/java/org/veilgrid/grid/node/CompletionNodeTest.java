package org.veilgrid.grid.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.tls.CertificateAuthority;
import org.veilgrid.grid.model.NGramModel;

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
        byte[] key = node.publicKey();
        try (CompletionClient client = new CompletionClient("127.0.0.1", server.getPort(), ca.issue("c"), "node", Duration.ofSeconds(10))) {
            assertTrue(assertThrows(ParameterException.class, () -> client.complete("x".getBytes(), 17, key))
                    .getMessage().contains("max_bytes"));
            assertTrue(assertThrows(ParameterException.class, () -> client.complete("x".getBytes(), 0, key))
                    .getMessage().contains("max_bytes"));
            assertTrue(assertThrows(ParameterException.class, () -> client.complete(new byte[5000], 4, key))
                    .getMessage().contains("context"));
            assertEquals("ple", new String(client.complete("of the peo".getBytes(StandardCharsets.US_ASCII), 3, key),
                    StandardCharsets.US_ASCII), "'of the peo' continues to 'people'");
        } finally {
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
            var stub = org.veilgrid.grid.wire.ByteCompletionGrpc.newBlockingStub(raw);
            var bad = assertThrows(io.grpc.StatusRuntimeException.class, () -> stub.completeEncrypted(
                    org.veilgrid.grid.wire.EncryptedCompletionRequest.newBuilder().setVersion(1)
                            .addQuery(com.google.protobuf.ByteString.copyFromUtf8("not a ciphertext")).build()));
            assertEquals(io.grpc.Status.Code.INVALID_ARGUMENT, bad.getStatus().getCode());
            assertTrue(bad.getStatus().getDescription().contains("ciphertext"), bad.getStatus().getDescription());
            var count = assertThrows(io.grpc.StatusRuntimeException.class, () -> stub.completeEncrypted(
                    org.veilgrid.grid.wire.EncryptedCompletionRequest.newBuilder().setVersion(1).build()));
            assertTrue(count.getStatus().getDescription().contains("ciphertexts"), count.getStatus().getDescription());
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
