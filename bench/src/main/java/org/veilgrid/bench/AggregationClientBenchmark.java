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
import org.veilgrid.mpc.aggregation.AggregationClient;
import org.veilgrid.mpc.aggregation.ClientSubmission;

/**
 * One-shot aggregation, a client's whole work for a round (PRG expansion of L values, masking,
 * Shamir sharing of the key to a committee of 10, sealing the 10 shares); independent of N.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class AggregationClientBenchmark {
    @Param({"1000", "10000", "100000"})
    public int length;

    private AggregationRounds rounds;
    private AggregationClient client;
    private long[] input;

    @Setup
    public void setup() {
        rounds = new AggregationRounds(length, 10_000);
        client = new AggregationClient();
        input = AggregationRounds.input(length);
    }

    @Benchmark
    public ClientSubmission submit() {
        return client.submit(rounds.round, "client", input);
    }
}
