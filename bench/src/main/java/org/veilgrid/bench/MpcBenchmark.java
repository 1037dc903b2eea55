package org.veilgrid.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.veilgrid.mpc.engine.LoopbackCluster;
import org.veilgrid.mpc.engine.MpcSession;
import org.veilgrid.mpc.engine.Security;
import org.veilgrid.mpc.engine.Shared;

/**
 * The MPC engine with 3 parties on loopback (each its own gRPC server, mutual TLS), all in this
 * JVM on this machine: one operation is one batch — 10^6 multiplications or 10^4 comparisons
 * (less-than on 64-bit inputs, 40-bit statistical security) — run by all three parties
 * concurrently. Throughput = batch / time. Rounds and bytes per element are printed at tear-down.
 *
 * <p>{@code security}: SEMI_HONEST, or MALICIOUS (Chida et al.: every product computed twice, with
 * its MAC), where each batch ends by opening one element of its result, so that the batch's
 * verification (every product of the batch checked against its MAC, five rounds) is part of the
 * time: "verified multiplications" and "verified comparisons", side by side with semi-honest.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgs = {"-Xmx6g"})
public class MpcBenchmark {

    @Param({"1000000"})
    public int multiplications;

    @Param({"10000"})
    public int comparisons;

    @Param({"SEMI_HONEST", "MALICIOUS"})
    public Security security;

    private LoopbackCluster cluster;
    private List<Shared[]> operands;
    private long opsRun;
    private String lastOp = "";

    @Setup(Level.Trial)
    public void setup() {
        cluster = LoopbackCluster.start(3, 120_000);
        int m = Math.max(multiplications, comparisons);
        operands = cluster.runOnSessions(security, s -> {
            Shared a = s.random(m);
            Shared b = s.random(m);
            // Comparison operands: spread-out 64-bit values input by parties 0 and 1.
            long[] xs = new long[comparisons];
            long[] ys = new long[comparisons];
            for (int i = 0; i < comparisons; i++) {
                xs[i] = (long) i * 0x9E3779B97F4A7C15L;
                ys[i] = (long) (i + 7) * 0xC2B2AE3D27D4EB4FL;
            }
            Shared x = s.input(0, s.self() == 0 ? xs : null, comparisons);
            Shared y = s.input(1, s.self() == 1 ? ys : null, comparisons);
            s.run();
            return new Shared[] {a, b, x, y};
        });
    }

    private long[] counters() {
        List<long[]> c = cluster.runOnSessions(security, s -> new long[] {s.rounds(), s.network().stats().bytesSent()});
        return c.get(0);
    }

    @Benchmark
    public List<Long> multiply() {
        lastOp = "multiply";
        opsRun += multiplications;
        return cluster.runOnSessions(security, s -> {
            Shared[] o = operands.get(s.self());
            Shared a = o[0].slice(0, multiplications);
            Shared b = o[1].slice(0, multiplications);
            verified(s, a.mul(b));
            return s.multiplications();
        });
    }

    @Benchmark
    public List<Long> lessThan() {
        lastOp = "lessThan";
        opsRun += comparisons;
        return cluster.runOnSessions(security, s -> {
            Shared[] o = operands.get(s.self());
            verified(s, o[2].lt(o[3]));
            return s.multiplications();
        });
    }

    /** Runs the batch; in malicious mode, through its verification (opening one element of it). */
    private static void verified(MpcSession s, Shared result) {
        if (s.security() == Security.MALICIOUS) {
            s.open(result.slice(0, 1)).elements();
        } else {
            s.run();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        long[] c = counters();
        System.out.printf("%n[mpc] %s %s: party 0 ran %d rounds, sent %d bytes over %d elements of work (%.1f bytes/op)%n",
                security, lastOp, c[0], c[1], opsRun, (double) c[1] / Math.max(1, opsRun));
        cluster.close();
    }
}
