package org.veilgrid.examples.cli;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.veilgrid.mpc.engine.LoopbackCluster;
import org.veilgrid.examples.mpc.SampleComputation;

/** {@code veil mpc demo}: n parties on loopback run the sample computation, checked against the clear one. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start n parties on loopback (each its own gRPC server with mutual TLS), give each random",
            "quantities, run the sample computation and check it against the computation in the clear."})
public final class MpcDemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--parties", defaultValue = "3", description = "Number of parties, 3..9 (default ${DEFAULT-VALUE}).")
    int parties;

    @Option(names = "--levels", defaultValue = "8", description = "Price levels per party, 2..1000 (default ${DEFAULT-VALUE}).")
    int levels;

    @Option(names = "--json", description = "Print a JSON object.")
    boolean json;

    @picocli.CommandLine.Mixin
    SecurityOption securityOption;

    @Override
    public Integer call() {
        if (parties < 3 || parties > 9) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--parties must be in 3..9, got " + parties);
        }
        if (levels < 2 || levels > 1000) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--levels must be in 2..1000, got " + levels);
        }
        org.veilgrid.mpc.engine.Security security = securityOption.security();
        int t = (parties - 1) / 2;
        if (!security.supports(parties, t)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "malicious mode runs with n = 2t + 1 or"
                    + " n >= 3t + 1 parties; the demo's " + parties + " parties (t = " + t + ") are neither: choose 3, 4, 5,"
                    + " 7 or 9, or --security semi-honest");
        }
        SecureRandom random = new SecureRandom();
        long[][] quantities = new long[parties][levels];
        for (long[] q : quantities) {
            for (int l = 0; l < levels; l++) {
                q[l] = random.nextInt(2001) - 1000;
            }
        }
        quantities[1][0] = quantities[0][0]; // at least one level where parties 0 and 1 agree
        long threshold = 0;
        long start = System.nanoTime();
        List<SampleComputation.Result> results;
        try (LoopbackCluster cluster = LoopbackCluster.start(parties, 30_000)) {
            results = cluster.run(security, s -> SampleComputation.run(s, quantities[s.self()], threshold));
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        SampleComputation.Result clear = SampleComputation.inClear(quantities, threshold);
        boolean ok = true;
        for (int i = 0; i < parties; i++) {
            SampleComputation.Result r = results.get(i);
            ok &= r.levelsAtLeast() == clear.levelsAtLeast() && r.maxTotal() == clear.maxTotal()
                    && r.levelsWhere0And1Agree() == clear.levelsWhere0And1Agree()
                    && (i == 0 ? Arrays.equals(r.totals(), clear.totals()) : r.totals() == null);
        }
        SampleComputation.Result r0 = results.get(0);
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("parties", parties);
            m.put("threshold", (parties - 1) / 2);
            m.put("security", SecurityOption.label(security));
            m.put("levels", levels);
            m.put("levelsAtLeastZero", r0.levelsAtLeast());
            m.put("maxTotal", r0.maxTotal());
            m.put("levelsWhere0And1Agree", r0.levelsWhere0And1Agree());
            m.put("totalsSeenByParty0", Arrays.stream(r0.totals()).boxed().toList());
            m.put("matchesClear", ok);
            m.put("rounds", r0.rounds());
            m.put("bytesSentByParty0", r0.bytesSent());
            m.put("millis", ms);
            spec.commandLine().getOut().println(Json.pretty(m));
        } else {
            spec.commandLine().getOut().printf(
                    "%d parties (t = %d, %s), %d price levels each: %d level(s) with a total >= 0, largest total %d,%n"
                            + "parties 0 and 1 agree at %d level(s); party 0 alone learned the totals.%n"
                            + "%s the clear computation; %d rounds, %d bytes sent by party 0, %d ms.%n",
                    parties, (parties - 1) / 2, SecurityOption.label(security), levels, r0.levelsAtLeast(), r0.maxTotal(), r0.levelsWhere0And1Agree(),
                    ok ? "Matches" : "DOES NOT MATCH", r0.rounds(), r0.bytesSent(), ms);
        }
        return ok ? Main.EXIT_OK : Main.EXIT_FAILED;
    }
}
