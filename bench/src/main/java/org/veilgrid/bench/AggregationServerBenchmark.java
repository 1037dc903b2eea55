package org.veilgrid.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.veilgrid.mpc.aggregation.AggregationClient;
import org.veilgrid.mpc.aggregation.AggregationParams;
import org.veilgrid.mpc.aggregation.AggregationResult;
import org.veilgrid.mpc.aggregation.AggregationServer;
import org.veilgrid.mpc.aggregation.ClientSubmission;
import org.veilgrid.mpc.aggregation.MemberReply;
import org.veilgrid.mpc.aggregation.MemberTask;

/**
 * The server's whole work for a round: take N client messages (validation and the running sum),
 * take the committee's replies, reconstruct the key sum, expand it and unmask the sum. To keep N
 * messages of L values in memory at N = 10^4, L = 10^5, all clients send the same masked vector
 * (under different ids) and the replies are N times one client's share sums: the server does
 * exactly the work of a real round, and the unmasked sum is checked.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx8g")
public class AggregationServerBenchmark {
    @Param({"100", "1000", "10000"})
    public int clients;

    @Param({"1000", "10000", "100000"})
    public int length;

    private AggregationRounds rounds;
    private ClientSubmission[] messages;
    private Map<Integer, long[]> replySums;
    private long[] input;

    @Setup
    public void setup() {
        rounds = new AggregationRounds(length, clients);
        input = AggregationRounds.input(length);
        ClientSubmission one = new AggregationClient().submit(rounds.round, "c0", input);
        messages = new ClientSubmission[clients];
        for (int c = 0; c < clients; c++) {
            messages[c] = new ClientSubmission(one.roundId, "c" + c, one.masked, one.shares);
        }
        MemberTask task;
        Modulus q = AggregationParams.keyModulus();
        replySums = new HashMap<>();
        for (int seat = 1; seat <= AggregationRounds.THRESHOLD; seat++) {
            task = new MemberTask(rounds.round.id(), seat, List.of("c0"), List.of(one.shares.get(seat - 1)));
            long[] sum = rounds.member(seat).answer(rounds.round, task).shareSum;
            Kernels.get().mulScalar(q, sum, clients % q.value(), sum);
            replySums.put(seat, sum);
        }
    }

    @Benchmark
    public AggregationResult round() {
        AggregationServer server = new AggregationServer(rounds.round);
        for (ClientSubmission m : messages) {
            server.accept(m);
        }
        server.close();
        for (Map.Entry<Integer, long[]> e : replySums.entrySet()) {
            server.accept(new MemberReply(rounds.round.id(), e.getKey(), List.of(), e.getValue()));
        }
        AggregationResult r = server.finish();
        if (r.sum[1] != input[1] * clients) {
            throw new IllegalStateException("wrong sum");
        }
        return r;
    }
}
