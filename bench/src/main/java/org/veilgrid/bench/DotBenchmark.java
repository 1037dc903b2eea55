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
import org.openjdk.jmh.annotations.Warmup;
import org.veilgrid.kernels.Kernels;
import org.veilgrid.kernels.Modulus;
import org.veilgrid.kernels.Primes;

/**
 * A sum of {@code terms} element-wise products of {@code n}-element rows modulo a prime (the inner
 * loop of a matrix-vector product): {@link Kernels#dot} with one reduction per element, against
 * the same sum as a {@code mul} and {@code terms - 1} {@code mulAdd} calls, each reducing every
 * product. The rows are one polynomial apart, as a matrix's rows of polynomials are laid out.
 * Time per call; per element-product, divide by n &middot; terms.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DotBenchmark {
    @Param({"16384"})
    public int n;

    @Param({"16"})
    public int terms;

    @Param({"50", "60"})
    public int bits;

    @Param({"native", "java"})
    public String backend;

    private Kernels kernels;
    private Modulus q;
    private long[] a;
    private long[] b;
    private long[] out;

    @Setup
    public void setup() {
        kernels = BackendChoice.kernels(backend);
        q = Modulus.of(Primes.nttPrimes(bits, 4096, 1).get(0));
        SplittableRandom r = new SplittableRandom(3);
        a = r.longs((long) terms * n, 0, q.value()).toArray();
        b = r.longs((long) terms * n, 0, q.value()).toArray();
        out = new long[n];
    }

    @Benchmark
    public long[] dot() {
        kernels.dot(q, a, 0, n, b, 0, n, terms, out, 0, n);
        return out;
    }

    @Benchmark
    public long[] mulAddChain() {
        kernels.mul(q, a, 0, b, 0, out, 0, n);
        for (int t = 1; t < terms; t++) {
            kernels.mulAdd(q, a, t * n, b, t * n, out, 0, out, 0, n);
        }
        return out;
    }
}
