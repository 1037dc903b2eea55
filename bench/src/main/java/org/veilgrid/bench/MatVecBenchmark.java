package org.veilgrid.bench;

import java.util.SplittableRandom;
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
import org.veilgrid.fhe.bfv.BfvContext;
import org.veilgrid.fhe.bfv.BfvParameters;
import org.veilgrid.fhe.bfv.BfvPreset;
import org.veilgrid.fhe.bfv.Ciphertext;
import org.veilgrid.fhe.bfv.Encryptor;
import org.veilgrid.fhe.bfv.GaloisKeys;
import org.veilgrid.fhe.bfv.KeyGenerator;
import org.veilgrid.fhe.bfv.LinearAlgebra;
import org.veilgrid.fhe.bfv.PreparedMatrix;
import org.veilgrid.fhe.bfv.SecretKey;

/**
 * An encrypted d-vector times a plaintext d &times; d matrix (the grid's model layer), by the
 * baby-step/giant-step diagonal method: with the matrix's diagonals encoded and transformed per
 * product ({@code matVec}) or prepared once ({@code matVecPrepared}), on 1 or more threads.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class MatVecBenchmark {
    @Param({"N8192"})
    public BfvPreset preset;

    @Param({"256"})
    public int d;

    @Param({"1"})
    public int threads;

    private Parallelism parallelism;
    private LinearAlgebra la;
    private GaloisKeys gk;
    private long[][] matrix;
    private PreparedMatrix prepared;
    private Ciphertext v;

    @Setup
    public void setup() {
        BfvContext ctx = BfvContext.create(BfvParameters.preset(preset));
        KeyGenerator kg = new KeyGenerator(ctx);
        SecretKey sk = kg.secretKey();
        gk = kg.galoisKeys(sk);
        parallelism = Parallelism.threads(threads);
        la = new LinearAlgebra(ctx, parallelism);
        long t = ctx.parameters().plainModulus();
        SplittableRandom random = new SplittableRandom(5);
        matrix = new long[d][];
        for (int i = 0; i < d; i++) {
            matrix[i] = random.longs(d, 0, t).toArray();
        }
        prepared = la.prepare(matrix);
        v = new Encryptor(ctx).encryptSymmetric(sk, la.encodeVector(random.longs(d, 0, t).toArray()));
    }

    @TearDown
    public void tearDown() {
        parallelism.close();
    }

    @Benchmark
    public Ciphertext matVec() {
        return la.matVec(v, matrix, gk);
    }

    @Benchmark
    public Ciphertext matVecPrepared() {
        return la.matVec(v, prepared, gk);
    }
}
