package org.veilgrid.bench;

import java.security.SecureRandom;
import java.util.ArrayList;
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
import org.veilgrid.zk.bulletproofs.RangeParameters;
import org.veilgrid.zk.bulletproofs.RangeProver;
import org.veilgrid.zk.bulletproofs.RangeVerifier;
import org.veilgrid.zk.group.Scalar;

/** Batch verification of k single 64-bit range proofs in one MSM with random weights. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RangeBatchBenchmark {
    @Param({"64"})
    public int proofs;

    private List<RangeVerifier.Statement> statements;

    @Setup
    public void setup() {
        SecureRandom rng = new SecureRandom();
        RangeParameters p = new RangeParameters(64, 1);
        statements = new ArrayList<>();
        for (int i = 0; i < proofs; i++) {
            RangeProver.Output o = RangeProver.prove(p, new long[] {rng.nextLong()}, new Scalar[] {Scalar.random(rng)}, rng);
            statements.add(new RangeVerifier.Statement(p, o.commitments(), o.proof()));
        }
    }

    @Benchmark
    public void batchVerify() {
        RangeVerifier.verifyBatch(statements);
    }
}
