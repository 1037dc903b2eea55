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
import org.veilgrid.kernels.Kernels;
import org.veilgrid.kernels.Modulus;
import org.veilgrid.kernels.Primes;

/** Expanding a seed into one uniform polynomial of n coefficients modulo a 60-bit prime. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PrgBenchmark {
    @Param({"8192"})
    public int n;

    @Param({"native", "java"})
    public String backend;

    private Kernels kernels;
    private Modulus q;
    private final byte[] seed = new byte[32];
    private long[] out;
    private long stream;

    @Setup
    public void setup() {
        kernels = BackendChoice.kernels(backend);
        q = Modulus.of(Primes.nttPrimes(60, 4096, 1).get(0));
        out = new long[n];
    }

    @Benchmark
    public long[] uniform() {
        kernels.uniform(seed, stream++, q, out);
        return out;
    }
}
