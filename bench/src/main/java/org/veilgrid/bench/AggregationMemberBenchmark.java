package org.veilgrid.bench;

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
import org.veilgrid.mpc.aggregation.AggregationClient;
import org.veilgrid.mpc.aggregation.CommitteeMember;
import org.veilgrid.mpc.aggregation.MemberReply;
import org.veilgrid.mpc.aggregation.MemberTask;
import org.veilgrid.mpc.aggregation.ShareCipher;

/** A committee member's whole work: open N sealed key shares and add them up; independent of L. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class AggregationMemberBenchmark {
    @Param({"100", "1000", "10000"})
    public int clients;

    private AggregationRounds rounds;
    private CommitteeMember member;
    private MemberTask task;

    @Setup
    public void setup() {
        rounds = new AggregationRounds(16, clients);
        member = rounds.member(1);
        // Distinct clients' shares (sealing is the clients' cost, done here once).
        AggregationClient client = new AggregationClient();
        List<String> ids = new ArrayList<>();
        List<ShareCipher.Sealed> shares = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            String id = "c" + c;
            ids.add(id);
            shares.add(client.submit(rounds.round, id, new long[16]).shares.get(0));
        }
        task = new MemberTask(rounds.round.id(), 1, ids, shares);
    }

    @Benchmark
    public MemberReply answer() {
        return member.answer(rounds.round, task);
    }
}
