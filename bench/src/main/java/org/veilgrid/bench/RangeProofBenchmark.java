package org.veilgrid.bench;

import java.security.SecureRandom;
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
import org.veilgrid.zk.bulletproofs.BulletproofGens;
import org.veilgrid.zk.bulletproofs.RangeParameters;
import org.veilgrid.zk.bulletproofs.RangeProver;
import org.veilgrid.zk.bulletproofs.RangeVerifier;
import org.veilgrid.zk.group.Scalar;

/**
 * Bulletproofs 64-bit range proofs: prove and verify for m = 1, 8 and 64 aggregated values
 * ({@link RangeBatchBenchmark} has batch verification). The kernels are native unless
 * VEIL_NATIVE=off (or -Dveil.native=off) selects the Java twin.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RangeProofBenchmark {
    @Param({"1", "8", "64"})
    public int m;

    private final SecureRandom rng = new SecureRandom();
    private RangeParameters params;
    private long[] values;
    private Scalar[] blindings;
    private RangeProver.Output proof;

    @Setup
    public void setup() {
        params = new RangeParameters(64, m);
        BulletproofGens.forCapacity(params.size());
        values = new long[m];
        blindings = new Scalar[m];
        for (int i = 0; i < m; i++) {
            values[i] = rng.nextLong();
            blindings[i] = Scalar.random(rng);
        }
        proof = RangeProver.prove(params, values, blindings, rng);
    }

    @Benchmark
    public Object prove() {
        return RangeProver.prove(params, values, blindings, rng);
    }

    @Benchmark
    public void verify() {
        RangeVerifier.verify(params, proof.commitments(), proof.proof());
    }
}
