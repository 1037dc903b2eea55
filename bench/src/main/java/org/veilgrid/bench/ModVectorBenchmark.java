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

/** Element-wise arithmetic modulo a 60-bit prime on vectors of {@code n} elements. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ModVectorBenchmark {
    @Param({"8192"})
    public int n;

    @Param({"60"})
    public int bits;

    @Param({"native", "java"})
    public String backend;

    private Kernels kernels;
    private Modulus q;
    private long[] a;
    private long[] b;
    private long[] c;
    private long[] out;
    private long scalar;

    @Setup
    public void setup() {
        kernels = BackendChoice.kernels(backend);
        q = Modulus.of(Primes.nttPrimes(bits, 4096, 1).get(0));
        SplittableRandom r = new SplittableRandom(2);
        a = r.longs(n, 0, q.value()).toArray();
        b = r.longs(n, 0, q.value()).toArray();
        c = r.longs(n, 0, q.value()).toArray();
        out = new long[n];
        scalar = r.nextLong(q.value());
    }

    @Benchmark
    public long[] add() {
        kernels.add(q, a, b, out);
        return out;
    }

    @Benchmark
    public long[] sub() {
        kernels.sub(q, a, b, out);
        return out;
    }

    @Benchmark
    public long[] mul() {
        kernels.mul(q, a, b, out);
        return out;
    }

    @Benchmark
    public long[] mulScalar() {
        kernels.mulScalar(q, a, scalar, out);
        return out;
    }

    @Benchmark
    public long[] mulAdd() {
        kernels.mulAdd(q, a, b, c, out);
        return out;
    }
}
