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
import org.veilgrid.core.federation.IdentityFolder;
import org.veilgrid.core.federation.Roster;
import org.veilgrid.core.tls.TlsIdentity;
import org.veilgrid.mpc.config.PartiesConfig;
import org.veilgrid.examples.mpc.SampleComputation;
import org.veilgrid.mpc.net.PartyNetwork;

/** {@code veil mpc party}: runs one party of the sample computation. */
@Command(name = "party", mixinStandardHelpOptions = true,
        description = {"Run one party: start its gRPC server (mutual TLS), connect to the others and run the",
            "sample computation on this party's quantities (one per price level). Start every party",
            "of the config, each with the same number of values."})
public final class MpcPartyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--id", description = "This party's index in the config (0-based; with --config).")
    Integer id;

    @Option(names = "--config", description = "parties.json (see veil mpc setup --local-demo).")
    Path config;

    @Option(names = "--identity", paramLabel = "DIR", description = {"This party's own identity folder (veil identity",
        "init --role compute-party); with --roster, instead of --id/--config."})
    Path identity;

    @Option(names = "--roster", paramLabel = "FILE", description = {"The federation's roster (veil roster add): the",
        "compute parties in name order are the run's parties; TLS trusts exactly its certificates."})
    Path roster;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = {"With --roster: bind here instead of the",
        "card's address and port (e.g. 0.0.0.0:7000 behind a NAT that forwards the advertised address)."})
    String listen;

    @Option(names = "--timeout-ms", defaultValue = "30000", description = {"With --roster: how long a party waits for",
        "a peer before it aborts (default ${DEFAULT-VALUE})."})
    int timeoutMs;

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

    @picocli.CommandLine.Mixin
    SecurityOption securityOption;

    @Override
    public Integer call() {
        if ((values == null) == (valuesFile == null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give either --values or --values-file");
        }
        org.veilgrid.mpc.engine.Security security = securityOption.security();
        long[] q = values != null ? MpcCommand.parseValues(spec, "--values", values)
                : MpcCommand.readValues(valuesFile);
        boolean federated = identity != null || roster != null;
        boolean dealt = id != null || config != null;
        boolean complete = federated ? identity != null && roster != null : id != null && config != null;
        if (federated == dealt || !complete) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "give either --identity and --roster, or --id and --config");
        }
        PartyNetwork network;
        String me;
        if (federated) {
            Roster r = FederationFiles.roster(roster);
            IdentityFolder folder = FederationFiles.identity(identity);
            network = PartyNetwork.ofRoster(r, folder, timeoutMs);
            if (listen != null) {
                network.listenOn(HostPort.parse("--listen", listen));
            }
            me = folder.card().name();
        } else {
            if (listen != null) {
                throw new ParameterException("--listen goes with --roster; a --config names each party's address");
            }
            PartiesConfig cfg = PartiesConfig.load(config);
            if (id < 0 || id >= cfg.size()) {
                throw new ParameterException("--id " + id + " is not a party of " + config + " (0.." + (cfg.size() - 1) + ")");
            }
            network = new PartyNetwork(cfg, id, TlsIdentity.load(cfg.tlsDirectory().orElseThrow(() ->
                    new ParameterException("the config has no tls_dir; a party needs its certificate and key")),
                    cfg.party(id).name()));
            me = cfg.party(id).name();
        }
        int self = network.self();
        long start = System.nanoTime();
        SampleComputation.Result r = SampleComputation.runParty(network, q, threshold, security,
                () -> spec.commandLine().getErr().printf("party %d (%s) connected%n", self, me));
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("party", self);
            m.put("security", SecurityOption.label(security));
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
                    self, r.levelsAtLeast(), threshold, r.maxTotal(), r.levelsWhere0And1Agree(),
                    r.totals() == null ? "" : "; totals " + Arrays.toString(r.totals()), r.rounds(), r.bytesSent(), ms);
        }
        return Main.EXIT_OK;
    }
}
