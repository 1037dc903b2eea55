package org.veilgrid.examples.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.veilgrid.mpc.engine.LoopbackCluster;
import org.veilgrid.mpc.engine.MpcSession;
import org.veilgrid.mpc.engine.Shared;

/** {@code veil mpc bench}: quick throughput of multiplications and comparisons on loopback. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time one batch of multiplications and one of comparisons with n parties on loopback",
            "(a quick check; the JMH MpcBenchmark in bench/ is the figure of record). In malicious mode",
            "each batch ends by opening one element of its result, so its verification is timed too."})
public final class MpcBenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--parties", defaultValue = "3", description = "Number of parties, 3..9 (default ${DEFAULT-VALUE}).")
    int parties;

    @Option(names = "--mults", defaultValue = "100000", description = "Multiplications per batch (default ${DEFAULT-VALUE}).")
    int mults;

    @Option(names = "--comparisons", defaultValue = "1000", description = "Comparisons per batch (default ${DEFAULT-VALUE}).")
    int comparisons;

    @Option(names = "--repeat", defaultValue = "3", description = "Timed batches of each kind, after one warm-up (default ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--json", description = "Print a JSON array.")
    boolean json;

    @picocli.CommandLine.Mixin
    SecurityOption securityOption;

    private org.veilgrid.mpc.engine.Security security;

    @Override
    public Integer call() {
        if (parties < 3 || parties > 9) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--parties must be in 3..9, got " + parties);
        }
        if (mults < 1 || mults > 2_000_000 || comparisons < 1 || comparisons > 100_000 || repeat < 1 || repeat > 20) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--mults must be in 1..2000000, --comparisons in 1..100000, --repeat in 1..20");
        }
        org.veilgrid.mpc.engine.Security security = securityOption.security();
        int t = (parties - 1) / 2;
        if (!security.supports(parties, t)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "malicious mode runs with n = 2t + 1 or"
                    + " n >= 3t + 1 parties; " + parties + " parties (t = " + t + ") are neither: choose 3, 4, 5, 7 or 9,"
                    + " or --security semi-honest");
        }
        this.security = security;
        List<Map<String, Object>> rows = new ArrayList<>();
        try (LoopbackCluster cluster = LoopbackCluster.start(parties, 120_000)) {
            int m = Math.max(mults, comparisons);
            List<Shared[]> operands = cluster.runOnSessions(security, s -> {
                Shared a = s.random(m);
                Shared b = s.random(m);
                s.run();
                return new Shared[] {a.slice(0, mults), b.slice(0, mults), a.slice(0, comparisons).mul(1L << 20),
                    b.slice(0, comparisons).mul(1L << 20)};
            });
            rows.add(measure(cluster, "multiply", mults, (s, o) -> o[0].mul(o[1]), operands));
            // Comparison operands: random field elements scaled are not 64-bit values, but the
            // protocol's cost does not depend on the values; correctness is the tests' job.
            rows.add(measure(cluster, "lessThan", comparisons, (s, o) -> o[2].lt(o[3]), operands));
            rows.add(measure(cluster, "equal", comparisons, (s, o) -> o[2].eq(o[3]), operands));
        }
        if (json) {
            spec.commandLine().getOut().println(Json.pretty(rows));
        } else {
            spec.commandLine().getOut().printf("%d parties on loopback (mutual TLS, %s), one JVM:%n", parties,
                    SecurityOption.label(security));
            for (Map<String, Object> r : rows) {
                spec.commandLine().getOut().printf("  %-9s batch %,9d: %,12.0f ops/s  %3d rounds  %8.1f bytes/op sent per party%n",
                        r.get("op"), (int) r.get("batch"), (double) r.get("opsPerSec"), (long) r.get("rounds"),
                        (double) r.get("bytesPerOpPerParty"));
            }
        }
        return Main.EXIT_OK;
    }

    private Map<String, Object> measure(LoopbackCluster cluster, String name, int batch,
                                        java.util.function.BiFunction<MpcSession, Shared[], Shared> op,
                                        List<Shared[]> operands) {
        long rounds = 0;
        long bytes = 0;
        long nanos = 0;
        for (int i = 0; i <= repeat; i++) {
            long start = System.nanoTime();
            List<long[]> counts = cluster.runOnSessions(security, s -> {
                long r0 = s.rounds();
                long b0 = s.network().stats().bytesSent();
                Shared result = op.apply(s, operands.get(s.self()));
                if (security == org.veilgrid.mpc.engine.Security.MALICIOUS) {
                    s.open(result.slice(0, 1)).elements(); // the batch's verification runs before this output
                } else {
                    s.run();
                }
                return new long[] {s.rounds() - r0, s.network().stats().bytesSent() - b0};
            });
            if (i > 0) {
                nanos += System.nanoTime() - start;
                rounds = counts.get(0)[0];
                long total = 0;
                for (long[] c : counts) {
                    total += c[1];
                }
                bytes = total / counts.size();
            }
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("op", name);
        row.put("parties", cluster.config().size());
        row.put("security", SecurityOption.label(security));
        row.put("batch", batch);
        row.put("opsPerSec", batch * (double) repeat / (nanos / 1e9));
        row.put("rounds", rounds);
        row.put("bytesPerOpPerParty", (double) bytes / batch);
        return row;
    }
}
