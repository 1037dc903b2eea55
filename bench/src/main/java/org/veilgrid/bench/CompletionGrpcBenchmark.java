package org.veilgrid.bench;

import io.grpc.Server;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.veilgrid.core.tls.CertificateAuthority;
import org.veilgrid.grid.encrypted.EncryptedCompletionClient;
import org.veilgrid.grid.model.NGramModel;
import org.veilgrid.grid.node.CompletionClient;
import org.veilgrid.grid.node.CompletionNode;

/**
 * Byte completions over gRPC with mutual TLS on loopback, one client at a time: a plaintext
 * completion (with the node's signed promise and receipt, checked) and an encrypted one (client
 * encryption, node evaluation, decryption and the checks, end to end).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class CompletionGrpcBenchmark {
    private Server server;
    private CompletionClient plain;
    private EncryptedCompletionClient sealed;
    private org.veilgrid.core.identity.AgentPublicKey nodeKey;
    private final byte[] context = "that government of the peo".getBytes(StandardCharsets.US_ASCII);

    @Setup
    public void setup() throws Exception {
        NGramModel model = NGramModel.train(NGramModel.shippedCorpus(), 3);
        CertificateAuthority ca = CertificateAuthority.create();
        CompletionNode node = new CompletionNode(model);
        nodeKey = node.publicKey();
        server = node.start(new InetSocketAddress("127.0.0.1", 0), ca.issue("node"));
        plain = new CompletionClient("127.0.0.1", server.getPort(), ca.issue("c1"), "node", Duration.ofSeconds(30));
        sealed = new EncryptedCompletionClient("127.0.0.1", server.getPort(), ca.issue("c2"), "node", Duration.ofSeconds(30));
    }

    @TearDown
    public void tearDown() {
        plain.close();
        sealed.close();
        org.veilgrid.core.tls.MutualTls.stop(server);
    }

    @Benchmark
    public Object plaintextOverGrpc() {
        return plain.completeChecked(context, 16, nodeKey);
    }

    @Benchmark
    public Object encryptedOverGrpc() {
        return sealed.completeChecked(context, nodeKey);
    }
}
