package org.veilgrid.grid.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.core.tls.CertificateAuthority;
import org.veilgrid.fhe.Parallelism;
import org.veilgrid.grid.encrypted.NeuralCompletionClient;
import org.veilgrid.grid.encrypted.NeuralNodeService;
import org.veilgrid.grid.model.NGramModel;
import org.veilgrid.grid.model.NeuralByteModel;
import org.veilgrid.grid.model.NeuralTrainer;
import org.veilgrid.grid.promise.CheckedCompletion;
import org.veilgrid.grid.promise.PromiseCheck;
import org.veilgrid.grid.protocol.GridMessages;
import org.veilgrid.grid.protocol.NeuralCompletion;
import org.veilgrid.grid.wire.ByteCompletionGrpc;

/** Encrypted neural next bytes over gRPC with mutual TLS, against the plaintext network. */
class NeuralCompletionNodeTest {
    private static NeuralByteModel model;
    private static CertificateAuthority ca;
    private static CompletionNode node;
    private static Server server;

    @BeforeAll
    static void setUp() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            sb.append("Four score and seven years ago our fathers brought forth on this continent a new nation. ");
        }
        byte[] text = sb.toString().getBytes(StandardCharsets.US_ASCII);
        NeuralTrainer.Settings d = NeuralTrainer.Settings.defaults(1, 3);
        model = NeuralTrainer.train(text, text.length, new NeuralTrainer.Settings(8, 32, 1, d.batch(), d.learningRate(), 3, 1), null);
        ca = CertificateAuthority.create();
        // One key set at a time: a second client evicts the first, which must upload again.
        node = CompletionNode.neural(new NeuralNodeService(model, Parallelism.singleThread(), 1),
                AgentKey.generate(new SecureRandom()), 1, "VEIL", 30_000, CompletionNode.Conduct.HONEST);
        server = node.start(new InetSocketAddress("127.0.0.1", 0), ca.issue("node"));
    }

    @AfterAll
    static void tearDown() {
        server.shutdownNow();
    }

    private static NeuralCompletionClient client(String name) {
        return new NeuralCompletionClient("127.0.0.1", server.getPort(), ca.issue(name), "node", Duration.ofSeconds(60));
    }

    @Test
    void encryptedNextBytesEqualThePlaintextNetworksGreedyCompletionAndEveryPromiseIsKept() {
        byte[] context = "Four score and ".getBytes(StandardCharsets.US_ASCII);
        try (NeuralCompletionClient a = client("a"); NeuralCompletionClient b = client("b")) {
            assertEquals(8, a.model().contextBytes());
            List<CheckedCompletion> calls = a.completeChecked(context, 3, node.publicKey(), null, 0, i -> { });
            assertEquals(3, calls.size());
            for (CheckedCompletion c : calls) {
                assertEquals(PromiseCheck.Outcome.KEPT, c.outcome());
            }
            assertArrayEquals(model.complete(context, 3), NeuralCompletionClient.joined(calls, "node"));
            assertTrue(a.uploadBytes() > 0 && a.queryBytes(context) <= 1_000_000, "query bytes " + a.queryBytes(context));
            // b's upload evicts a's keys; a's next call is refused, a uploads again and is answered.
            assertArrayEquals(model.complete(context, 1), b.complete(context, 1, node.publicKey()));
            assertArrayEquals(model.complete(context, 1), a.complete(context, 1, node.publicKey()));
            assertTrue(node.served() >= 5);
        }
    }

    @Test
    void incompleteUploadsAndNgramNodesAreRefusedWithTheReason() throws Exception {
        var channel = io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder.forAddress("127.0.0.1", server.getPort());
        try (NeuralCompletionClient c = client("c")) {
            // A request under keys the node never got: FAILED_PRECONDITION, which the client answers by uploading.
            assertEquals(model.complete("abc".getBytes(), 1)[0], c.complete("abc".getBytes(), 1, node.publicKey())[0]);
        }
        NGramModel ngram;
        try (var in = NGramModel.class.getResourceAsStream("/org/veilgrid/grid/corpus/gettysburg.txt")) {
            ngram = NGramModel.train(in.readAllBytes(), 3);
        }
        Server plain = new CompletionNode(ngram).start(new InetSocketAddress("127.0.0.1", 0), ca.issue("node"));
        try {
            ParameterException e = assertThrows(ParameterException.class, () -> new NeuralCompletionClient("127.0.0.1",
                    plain.getPort(), ca.issue("d"), "node", Duration.ofSeconds(10)));
            assertTrue(e.getMessage().contains("serves no neural model"), e.getMessage());
        } finally {
            plain.shutdownNow();
        }
        assertThrows(ParameterException.class, () -> new NeuralCompletion.KeyPart(new byte[15],
                NeuralCompletion.KeyKind.PUBLIC, new byte[1]));
    }
}
