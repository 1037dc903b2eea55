package org.veilgrid.bench;

import java.nio.charset.StandardCharsets;
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
import org.openjdk.jmh.annotations.Warmup;
import org.veilgrid.fhe.bfv.BfvCodec;
import org.veilgrid.fhe.bfv.BfvContext;
import org.veilgrid.fhe.bfv.BfvParameters;
import org.veilgrid.fhe.bfv.BfvPreset;
import org.veilgrid.fhe.bfv.Ciphertext;
import org.veilgrid.fhe.bfv.KeyGenerator;
import org.veilgrid.grid.encrypted.EncryptedModel;
import org.veilgrid.grid.encrypted.EncryptedQuery;
import org.veilgrid.grid.model.NGramModel;

/**
 * A 16-byte completion of a context by the shipped corpus's model: encrypted (client selects
 * and encrypts, the node evaluates on ciphertexts, the client decrypts; the wire encodings
 * included) and in the clear, for order-2 and order-3 models (BFV N = 8192, 128-bit).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class CompletionBenchmark {
    @Param({"2", "3"})
    public int order;

    private NGramModel model;
    private BfvContext ctx;
    private EncryptedModel node;
    private EncryptedQuery client;
    private final byte[] context = "that government of the peo".getBytes(StandardCharsets.US_ASCII);

    @Setup
    public void setup() throws Exception {
        model = NGramModel.train(NGramModel.shippedCorpus(), order);
        ctx = BfvContext.create(BfvParameters.preset(BfvPreset.N8192));
        node = new EncryptedModel(ctx, model);
        client = new EncryptedQuery(ctx, new KeyGenerator(ctx).secretKey());
    }

    @Benchmark
    public byte[] encryptedCompletion() {
        int row = model.rowIndex(context);
        List<Ciphertext> q = client.select(row, node.rows()).stream()
                .map(c -> BfvCodec.decodeCiphertext(ctx, BfvCodec.encode(c))).toList();
        Ciphertext answer = BfvCodec.decodeCiphertext(ctx, BfvCodec.encode(node.answer(q)));
        return client.read(answer, row);
    }

    @Benchmark
    public byte[] plaintextCompletion() {
        return model.lookup(context);
    }
}
