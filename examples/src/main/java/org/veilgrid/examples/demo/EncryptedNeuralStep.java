package org.veilgrid.examples.demo;

import io.grpc.Server;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.core.tls.CertificateAuthority;
import org.veilgrid.fhe.Parallelism;
import org.veilgrid.grid.encrypted.EncryptedCompletionClient;
import org.veilgrid.grid.encrypted.EncryptedCompletions;
import org.veilgrid.grid.encrypted.NeuralCompletionClient;
import org.veilgrid.grid.encrypted.NeuralNodeService;
import org.veilgrid.grid.model.NGramModel;
import org.veilgrid.grid.model.NeuralByteModel;
import org.veilgrid.grid.model.NeuralTrainer;
import org.veilgrid.grid.node.CompletionNode;
import org.veilgrid.grid.promise.PromiseCheck;

/**
 * An encrypted neural completion: a small byte-level network trained here on the shipped corpus
 * is served by a node on loopback (mutual TLS); the client uploads its CKKS evaluation keys once,
 * then each next byte is one call in which the node evaluates its network on the encrypted
 * context and returns flooded encrypted logits. Checked: the decrypted bytes equal the plaintext
 * network's greedy completion and every call's promise was kept.
 */
public final class EncryptedNeuralStep implements DemoStep {
    static final int BYTES = 8;

    @Override
    public String name() {
        return "encrypted neural completion";
    }

    @Override
    public StepResult run(DemoContext context) {
        byte[] corpus = NGramModel.shippedCorpus();
        NeuralTrainer.Settings d = NeuralTrainer.Settings.defaults(8, 1);
        // A 1.5 kB text to learn by heart: no n-gram teacher (its smoothing is for held-out text).
        NeuralByteModel model = NeuralTrainer.train(corpus, corpus.length,
                new NeuralTrainer.Settings(8, 32, 8, d.batch(), 0.03, 1, 2, 0), null);
        CertificateAuthority ca = CertificateAuthority.create();
        AgentKey key = AgentKey.generate(new SecureRandom());
        CompletionNode node = CompletionNode.neural(new NeuralNodeService(model, Parallelism.singleThread(), 1), key, 1,
                "VEIL", 30_000, CompletionNode.Conduct.HONEST);
        Server server;
        try {
            server = node.start(new InetSocketAddress("127.0.0.1", 0), ca.issue("node"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            byte[] ctx = "government of the ".getBytes(StandardCharsets.US_ASCII);
            var identity = ca.issue("client");
            int port = server.getPort();
            EncryptedCompletions.Result r = EncryptedCompletions.complete(
                    () -> new NeuralCompletionClient("127.0.0.1", port, identity, "node", Duration.ofSeconds(60)),
                    () -> new EncryptedCompletionClient("127.0.0.1", port, identity, "node", Duration.ofSeconds(60)),
                    ctx, BYTES, key.publicKey(), b -> { }, EncryptedCompletions.Progress.NONE);
            byte[] expected = model.complete(ctx, BYTES);
            boolean kept = r.completion().outcome() == PromiseCheck.Outcome.KEPT;
            boolean ok = kept && Arrays.equals(expected, r.completion().continuation());
            String text = new String(r.completion().continuation(), StandardCharsets.US_ASCII);
            String summary = "encrypted neural completion 'government of the" + " " + text.strip() + "' ("
                    + r.calls() + " CKKS calls, promises kept" + (ok ? ")" : ") MISMATCH");
            return new StepResult(ok, summary,
                    "a 32-unit byte network trained on the shipped corpus, evaluated by the node on CKKS-encrypted contexts"
                            + " (N = 16384, 128-bit); evaluation keys " + String.format(java.util.Locale.ROOT, "%.0f", r.uploadBytes() / 1e6)
                            + " MB uploaded once, " + r.queryBytes() + " bytes up per byte, " + r.completionMillis()
                            + " ms for " + r.calls() + " bytes; equal to the plaintext network's greedy completion",
                    Map.of("calls", r.calls(), "uploadBytes", r.uploadBytes(), "queryBytes", r.queryBytes(),
                            "completionMs", r.completionMillis(), "check", ok ? "ok" : "MISMATCH"));
        } finally {
            org.veilgrid.core.tls.MutualTls.stop(server);
        }
    }
}
