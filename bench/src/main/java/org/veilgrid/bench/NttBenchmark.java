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
import org.veilgrid.kernels.Primes;
import org.veilgrid.kernels.RnsNttTables;

/**
 * Forward and inverse negacyclic NTT of one RNS polynomial (k primes of 60 bits, one JNI call),
 * native against the Java twin. Each invocation transforms the same buffer in place; the
 * transform of a reduced input is reduced, so the work per call does not drift.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NttBenchmark {
    @Param({"4096", "8192", "16384", "32768"})
    public int n;

    @Param({"1", "4"})
    public int primes;

    @Param({"60"})
    public int bits;

    @Param({"native", "java"})
    public String backend;

    private Kernels kernels;
    private RnsNttTables tables;
    private long[] data;

    @Setup
    public void setup() {
        kernels = BackendChoice.kernels(backend);
        long[] ps = Primes.nttPrimes(bits, n, primes).stream().mapToLong(Long::longValue).toArray();
        tables = RnsNttTables.create(n, ps);
        data = new long[n * primes];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < primes; i++) {
            for (int j = 0; j < n; j++) {
                data[i * n + j] = r.nextLong(ps[i]);
            }
        }
    }

    @Benchmark
    public long[] forward() {
        kernels.forward(tables, data);
        return data;
    }

    @Benchmark
    public long[] inverse() {
        kernels.inverse(tables, data);
        return data;
    }
}
