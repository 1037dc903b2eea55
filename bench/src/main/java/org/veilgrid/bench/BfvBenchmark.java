package org.veilgrid.bench;

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
import org.veilgrid.fhe.bfv.BatchEncoder;
import org.veilgrid.fhe.bfv.BfvContext;
import org.veilgrid.fhe.bfv.BfvParameters;
import org.veilgrid.fhe.bfv.BfvPreset;
import org.veilgrid.fhe.bfv.Ciphertext;
import org.veilgrid.fhe.bfv.Decryptor;
import org.veilgrid.fhe.bfv.Encryptor;
import org.veilgrid.fhe.bfv.Evaluator;
import org.veilgrid.fhe.bfv.GaloisKeys;
import org.veilgrid.fhe.bfv.KeyGenerator;
import org.veilgrid.fhe.bfv.Plaintext;
import org.veilgrid.fhe.bfv.PreparedPlaintext;
import org.veilgrid.fhe.bfv.PublicKey;
import org.veilgrid.fhe.bfv.RelinKeys;
import org.veilgrid.fhe.bfv.SecretKey;

/**
 * BFV operations on the presets (SEAL's default 128-bit moduli: the last prime is the special
 * prime) with a 20-bit batching prime t: the operations and parameters the native peer run
 * (SEAL, SEAL+HEXL, OpenFHE; docs/BENCHMARKS.md) and bench/seal (SEAL compiled to WebAssembly)
 * time, so they can be put side by side.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class BfvBenchmark {
    @Param({"N8192", "N16384"})
    public BfvPreset preset;

    /**
     * Threads the evaluator may use (a {@code Parallelism} pool). 1 is the figure to compare
     * with single-threaded peers; run {@code -p threads=2} for the multi-core figures.
     */
    @Param({"1"})
    public int threads;

    private org.veilgrid.fhe.Parallelism parallelism;

    private BfvContext ctx;

    private Encryptor encryptor;
    private Decryptor decryptor;
    private Evaluator evaluator;
    private SecretKey sk;
    private PublicKey pk;
    private RelinKeys rk;
    private GaloisKeys gk;
    private Plaintext plain;
    private Ciphertext a;
    private Ciphertext b;
    private PreparedPlaintext prepared;
    private Ciphertext destination;

    @Setup
    public void setup() {
        // The largest 20-bit prime = 1 mod 2N, as SEAL's PlainModulus::Batching(N, 20) picks.
        long t = org.veilgrid.kernels.Primes.nttPrimes(20, preset.n(), 1).get(0);
        ctx = BfvContext.create(BfvParameters.preset(preset, t));
        KeyGenerator kg = new KeyGenerator(ctx);
        sk = kg.secretKey();
        pk = kg.publicKey(sk);
        rk = kg.relinKeys(sk);
        gk = kg.galoisKeys(sk, java.util.List.of(1), false);
        encryptor = new Encryptor(ctx);
        decryptor = new Decryptor(ctx, sk);
        parallelism = org.veilgrid.fhe.Parallelism.threads(threads);
        evaluator = new Evaluator(ctx, parallelism);
        long[] values = new long[ctx.n()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i * 7919L) % t;
        }
        plain = new BatchEncoder(ctx).encode(values);
        a = encryptor.encrypt(pk, plain);
        b = encryptor.encrypt(pk, plain);
        prepared = evaluator.prepare(plain);
        destination = evaluator.add(a, b);
    }

    @org.openjdk.jmh.annotations.TearDown
    public void tearDown() {
        parallelism.close();
    }

    /** The key generation steps one by one, as the native peers time them. */
    @Benchmark
    public SecretKey keygenSecret() {
        return new KeyGenerator(ctx).secretKey();
    }

    @Benchmark
    public PublicKey keygenPublic() {
        return new KeyGenerator(ctx).publicKey(sk);
    }

    @Benchmark
    public RelinKeys keygenRelin() {
        return new KeyGenerator(ctx).relinKeys(sk);
    }

    @Benchmark
    public GaloisKeys keygenGalois1() {
        return new KeyGenerator(ctx).galoisKeys(sk, java.util.List.of(1), false);
    }

    /** A secret key, its public key and relinearization keys (what SEAL's keygen row makes). */
    @Benchmark
    public RelinKeys keygen() {
        KeyGenerator kg = new KeyGenerator(ctx);
        SecretKey s = kg.secretKey();
        kg.publicKey(s);
        return kg.relinKeys(s);
    }

    /** a += b in place, like SEAL's add into an existing destination. */
    @Benchmark
    public Ciphertext addInPlace() {
        evaluator.addInPlace(a, b);
        return a;
    }

    @Benchmark
    public Ciphertext encryptPublic() {
        return encryptor.encrypt(pk, plain);
    }

    @Benchmark
    public Ciphertext encryptSymmetric() {
        return encryptor.encryptSymmetric(sk, plain);
    }

    @Benchmark
    public Plaintext decrypt() {
        return decryptor.decrypt(a);
    }

    @Benchmark
    public Ciphertext add() {
        return evaluator.add(a, b);
    }

    /** a + b into a reused result ciphertext (SEAL's add(a, b, destination)): allocates nothing. */
    @Benchmark
    public Ciphertext addInto() {
        evaluator.add(a, b, destination);
        return destination;
    }

    /**
     * a · p with p prepared once (lifted, NTT form: OpenFHE's evaluation-form plaintexts, SEAL's
     * transform_to_ntt) into a reused result ciphertext: two pointwise products, no allocation.
     */
    @Benchmark
    public Ciphertext multiplyPlainPrepared() {
        evaluator.multiplyPlain(a, prepared, destination);
        return destination;
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
    public Ciphertext rotateRows() {
        return evaluator.rotateRows(a, 1, gk);
    }
}
