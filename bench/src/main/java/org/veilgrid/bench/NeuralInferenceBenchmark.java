package org.veilgrid.bench;

import java.nio.charset.StandardCharsets;
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
import org.veilgrid.fhe.Parallelism;
import org.veilgrid.fhe.ckks.Ciphertext;
import org.veilgrid.grid.encrypted.EncryptedNeuralModel;
import org.veilgrid.grid.encrypted.NeuralQueryClient;
import org.veilgrid.grid.model.NeuralByteModel;
import org.veilgrid.grid.model.NeuralTrainer;

/**
 * One encrypted neural next-byte call (issue #18): the node's evaluation of its network on an
 * encrypted one-hot context (dense layer, square, output layer, flood; CKKS N = 16384), the
 * client's query encryption and its decryption of the logits. The weights come from a short
 * training on a small text: their values do not change the cost, the shape does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx6g")
public class NeuralInferenceBenchmark {
    @Param({"8"})
    public int context;

    @Param({"256"})
    public int hidden;

    @Param({"1"})
    public int threads;

    private Parallelism parallelism;
    private EncryptedNeuralModel node;
    private NeuralQueryClient client;
    private byte[] text;
    private Ciphertext query;
    private Ciphertext answer;

    @Setup
    public void setUp() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            sb.append("Four score and seven years ago our fathers brought forth on this continent a new nation. ");
        }
        text = sb.toString().getBytes(StandardCharsets.US_ASCII);
        NeuralTrainer.Settings d = NeuralTrainer.Settings.defaults(1, 1);
        NeuralByteModel model = NeuralTrainer.train(text, text.length,
                new NeuralTrainer.Settings(context, hidden, 1, d.batch(), d.learningRate(), 1, 2), null);
        parallelism = threads == 1 ? Parallelism.singleThread() : Parallelism.threads(threads);
        node = new EncryptedNeuralModel(model, parallelism);
        client = new NeuralQueryClient(node.layout());
        query = client.query(text);
        answer = node.evaluate(query, client.evaluationKeys());
    }

    @TearDown
    public void tearDown() {
        parallelism.close();
    }

    @Benchmark
    public Ciphertext nodeEvaluate() {
        return node.evaluate(query, client.evaluationKeys());
    }

    @Benchmark
    public Ciphertext clientQuery() {
        return client.query(text);
    }

    @Benchmark
    public int clientNextByte() {
        return client.nextByte(answer);
    }
}
