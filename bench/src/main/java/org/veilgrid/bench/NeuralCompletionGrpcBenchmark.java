package org.veilgrid.bench;

import io.grpc.Server;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.core.identity.AgentPublicKey;
import org.veilgrid.core.tls.CertificateAuthority;
import org.veilgrid.fhe.Parallelism;
import org.veilgrid.grid.encrypted.NeuralCompletionClient;
import org.veilgrid.grid.encrypted.NeuralNodeService;
import org.veilgrid.grid.model.NeuralByteModel;
import org.veilgrid.grid.model.NeuralTrainer;
import org.veilgrid.grid.node.CompletionNode;
import org.veilgrid.grid.promise.CheckedCompletion;

/**
 * A 16-byte encrypted neural completion over gRPC with mutual TLS on loopback, end to end: for
 * each byte the client's query encryption and encoding, the node's evaluation (one core) and
 * flood, the answer's transfer and decoding, the decryption, and the promise and receipt checks
 * (issue #18's target: at most 3 s). The evaluation keys are uploaded once in the setup, as a
 * client does once per node. The weights file is -p model=FILE (a trained model), or a short
 * training on a small text when empty (the cost depends on the shape only).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = "-Xmx6g")
public class NeuralCompletionGrpcBenchmark {
    @Param({""})
    public String model;

    private Server server;
    private NeuralCompletionClient client;
    private AgentPublicKey nodeKey;
    private final byte[] context = "In the beginning God created".getBytes(StandardCharsets.US_ASCII);

    @Setup
    public void setup() throws Exception {
        NeuralByteModel m;
        if (model.isEmpty()) {
            byte[] text = "Four score and seven years ago our fathers brought forth on this continent a new nation. "
                    .repeat(40).getBytes(StandardCharsets.US_ASCII);
            NeuralTrainer.Settings d = NeuralTrainer.Settings.defaults(1, 1);
            m = NeuralTrainer.train(text, text.length, new NeuralTrainer.Settings(8, 256, 1, d.batch(), d.learningRate(), 1, 2), null);
        } else {
            m = NeuralByteModel.read(Path.of(model));
        }
        CertificateAuthority ca = CertificateAuthority.create();
        AgentKey key = AgentKey.generate(new SecureRandom());
        nodeKey = key.publicKey();
        CompletionNode node = CompletionNode.neural(new NeuralNodeService(m, Parallelism.singleThread(), 2), key, 1, "VEIL",
                60_000, CompletionNode.Conduct.HONEST);
        server = node.start(new InetSocketAddress("127.0.0.1", 0), ca.issue("node"));
        client = new NeuralCompletionClient("127.0.0.1", server.getPort(), ca.issue("client"), "node", Duration.ofSeconds(60));
        long start = System.nanoTime();
        client.uploadKeys(i -> { });
        System.out.printf("%n(setup: evaluation keys %.1f MB uploaded in %.0f ms; query %d bytes)%n", client.uploadBytes() / 1e6,
                (System.nanoTime() - start) / 1e6, client.queryBytes(context));
    }

    @TearDown
    public void tearDown() {
        client.close();
        org.veilgrid.core.tls.MutualTls.stop(server);
    }

    @Benchmark
    public List<CheckedCompletion> sixteenBytes() {
        return client.completeChecked(context, 16, nodeKey, null, 0, i -> { });
    }
}
