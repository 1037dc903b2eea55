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
import org.veilgrid.fhe.ckks.Ciphertext;
import org.veilgrid.fhe.ckks.CkksContext;
import org.veilgrid.fhe.ckks.CkksParameters;
import org.veilgrid.fhe.ckks.CkksPreset;
import org.veilgrid.fhe.ckks.ComplexSlots;
import org.veilgrid.fhe.ckks.Decryptor;
import org.veilgrid.fhe.ckks.Encryptor;
import org.veilgrid.fhe.ckks.Evaluator;
import org.veilgrid.fhe.ckks.GaloisKeys;
import org.veilgrid.fhe.ckks.KeyGenerator;
import org.veilgrid.fhe.ckks.Plaintext;
import org.veilgrid.fhe.ckks.PublicKey;
import org.veilgrid.fhe.ckks.RelinKeys;
import org.veilgrid.fhe.ckks.SecretKey;

/** CKKS operations on the presets (scale 2^40), at the top level. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class CkksBenchmark {
    @Param({"N8192", "N16384"})
    public CkksPreset preset;

    @Param({"1"})
    public int threads;

    private Parallelism parallelism;
    private CkksContext ctx;
    private Encryptor encryptor;
    private Decryptor decryptor;
    private Evaluator evaluator;
    private PublicKey pk;
    private RelinKeys rk;
    private GaloisKeys gk;
    private double[] values;
    private Plaintext plain;
    private Ciphertext a;
    private Ciphertext b;

    @Setup
    public void setup() {
        ctx = CkksContext.create(CkksParameters.preset(preset));
        KeyGenerator kg = new KeyGenerator(ctx);
        SecretKey sk = kg.secretKey();
        pk = kg.publicKey(sk);
        rk = kg.relinKeys(sk);
        gk = kg.galoisKeys(sk, java.util.List.of(1), false);
        parallelism = Parallelism.threads(threads);
        encryptor = new Encryptor(ctx);
        decryptor = new Decryptor(ctx, sk);
        evaluator = new Evaluator(ctx, parallelism);
        SplittableRandom random = new SplittableRandom(3);
        values = new double[ctx.slots()];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextDouble() * 2 - 1;
        }
        plain = ctx.encode(values);
        a = encryptor.encrypt(pk, plain);
        b = encryptor.encrypt(pk, plain);
    }

    @TearDown
    public void tearDown() {
        parallelism.close();
    }

    @Benchmark
    public Plaintext encode() {
        return ctx.encode(values);
    }

    @Benchmark
    public Ciphertext encryptPublic() {
        return encryptor.encrypt(pk, plain);
    }

    @Benchmark
    public ComplexSlots decrypt() {
        return decryptor.decrypt(a);
    }

    @Benchmark
    public Ciphertext add() {
        return evaluator.add(a, b);
    }

    @Benchmark
    public Ciphertext multiplyPlain() {
        return evaluator.multiplyPlain(a, plain);
    }

    @Benchmark
    public Ciphertext multiplyRelinearize() {
        return evaluator.multiply(a, b, rk);
    }

    @Benchmark
    public Ciphertext multiplyRelinearizeRescale() {
        return evaluator.rescale(evaluator.multiply(a, b, rk));
    }

    @Benchmark
    public Ciphertext rescale() {
        return evaluator.rescale(a);
    }

    @Benchmark
    public Ciphertext rotate() {
        return evaluator.rotate(a, 1, gk);
    }
}
