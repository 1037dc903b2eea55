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
import org.veilgrid.kernels.RnsConversion;

/**
 * One exact RNS base conversion of a whole polynomial ({@link Kernels#rnsConvert}): from
 * {@code kin} 44-bit primes to {@code kout} 61-bit primes, the shape of the BFV product's lift at
 * N = 8192 (4 -> 4) and N = 16384 (8 -> 8).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RnsConversionBenchmark {
    @Param({"8192"})
    public int n;

    @Param({"4", "8"})
    public int primes;

    @Param({"native", "java"})
    public String backend;

    private Kernels kernels;
    private RnsConversion conversion;
    private long[] in;
    private long[] out;

    @Setup
    public void setup() {
        kernels = BackendChoice.kernels(backend);
        Modulus[] from = Primes.nttPrimes(44, n, primes).stream().map(Modulus::of).toArray(Modulus[]::new);
        Modulus[] to = Primes.nttPrimes(61, n, primes).stream().map(Modulus::of).toArray(Modulus[]::new);
        conversion = RnsConversion.centered(from, to);
        SplittableRandom r = new SplittableRandom(5);
        in = new long[primes * n];
        for (int i = 0; i < primes; i++) {
            for (int x = 0; x < n; x++) {
                in[i * n + x] = r.nextLong(from[i].value());
            }
        }
        out = new long[primes * n];
    }

    @Benchmark
    public long[] convert() {
        kernels.rnsConvert(conversion, in, 0, null, 0, out, 0, n);
        return out;
    }
}
