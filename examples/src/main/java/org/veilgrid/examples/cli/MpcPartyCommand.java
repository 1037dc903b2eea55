package org.veilgrid.examples.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.mpc.config.PartiesConfig;
import org.veilgrid.mpc.engine.PartyMain;
import org.veilgrid.mpc.engine.SampleComputation;

/** {@code veil mpc party}: runs one party of the sample computation. */
@Command(name = "party", mixinStandardHelpOptions = true,
        description = {"Run one party: start its gRPC server (mutual TLS), connect to the others and run the",
            "sample computation on this party's quantities (one per price level). Start every party",
            "of the config, each with the same number of values."})
public final class MpcPartyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--id", required = true, description = "This party's index in the config (0-based).")
    int id;

    @Option(names = "--config", required = true, description = "parties.json (see veil mpc setup).")
    Path config;

    @Option(names = "--values", description = {"This party's quantities, comma-separated. Other users of the",
        "machine can read a command line (ps): prefer --values-file for private values."})
    String values;

    @Option(names = "--values-file", paramLabel = "FILE", description = {"Read this party's quantities from FILE",
        "('-' for standard input): integers separated by commas, spaces or line breaks."})
    String valuesFile;

    @Option(names = "--threshold", defaultValue = "0", description = "Public threshold on the totals (default ${DEFAULT-VALUE}).")
    long threshold;

    @Option(names = "--json", description = "Print a JSON object.")
    boolean json;

    @Override
    public Integer call() {
        if ((values == null) == (valuesFile == null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give either --values or --values-file");
        }
        long[] q = values != null ? MpcCommand.parseValues(spec, "--values", values)
                : MpcCommand.readValues(valuesFile);
        PartiesConfig cfg = PartiesConfig.load(config);
        if (id < 0 || id >= cfg.size()) {
            throw new ParameterException("--id " + id + " is not a party of " + config + " (0.." + (cfg.size() - 1) + ")");
        }
        long start = System.nanoTime();
        SampleComputation.Result r = PartyMain.runParty(cfg, id, q, threshold, 0,
                () -> spec.commandLine().getErr().printf("party %d (%s) connected%n", id, cfg.party(id).name()));
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("party", id);
            m.put("levelsAtLeast", r.levelsAtLeast());
            m.put("maxTotal", r.maxTotal());
            m.put("levelsWhere0And1Agree", r.levelsWhere0And1Agree());
            if (r.totals() != null) {
                m.put("totals", Arrays.stream(r.totals()).boxed().toList());
            }
            m.put("rounds", r.rounds());
            m.put("bytesSent", r.bytesSent());
            m.put("millis", ms);
            spec.commandLine().getOut().println(Json.pretty(m));
        } else {
            spec.commandLine().getOut().printf(
                    "party %d: %d level(s) reach %d; largest total %d; parties 0 and 1 agree at %d level(s)%s%n"
                            + "  (%d rounds, %d bytes sent, %d ms)%n",
                    id, r.levelsAtLeast(), threshold, r.maxTotal(), r.levelsWhere0And1Agree(),
                    r.totals() == null ? "" : "; totals " + Arrays.toString(r.totals()), r.rounds(), r.bytesSent(), ms);
        }
        return Main.EXIT_OK;
    }
}
