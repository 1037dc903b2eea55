package org.veilgrid.examples.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.veilgrid.mpc.config.LocalSetup;
import org.veilgrid.mpc.config.PartiesConfig;

/** {@code veil mpc setup}: a CA, one key per party and parties.json for a local multi-process run. */
@Command(name = "setup", mixinStandardHelpOptions = true,
        description = {"Write a fresh CA, a TLS identity per party (and per client) and parties.json",
            "for parties on 127.0.0.1 at consecutive ports.",
            "LOCAL DEMO ONLY: one folder holds every participant's secret keys. Between institutions, "
                + "each makes its own identity (veil identity init) and all share a roster (veil roster add): docs/deploy.md."})
public final class MpcSetupCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LocalDemoOption localDemo;

    @Option(names = "--parties", defaultValue = "3", description = "Number of parties, 3..9 (default ${DEFAULT-VALUE}).")
    int parties;

    @Option(names = "--port", defaultValue = "7100", description = "Port of party 0; party i uses port + i (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--timeout-ms", defaultValue = "30000", description = "Per-message timeout (default ${DEFAULT-VALUE}).")
    int timeoutMs;

    @Option(names = "--clients", split = ",", description = "Names of outside clients allowed to submit inputs, each once.")
    List<String> clients = List.of();

    @Option(names = "--dir", required = true, description = "Folder to create (must not exist or be empty): tls/ and parties.json.")
    Path dir;

    @Option(names = "--json", description = "Print a JSON summary.")
    boolean json;

    @Override
    public Integer call() {
        localDemo.require();
        if (parties < 3 || parties > 9) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--parties must be in 3..9, got " + parties);
        }
        if (port < 1 || port + parties - 1 > 65535) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--port leaves no room for " + parties + " parties");
        }
        // All or nothing: a failure (a bad client name, a port out of range) leaves no folder behind.
        SetupFolder.create(dir, staging -> LocalSetup.write(staging, parties, port, timeoutMs, clients));
        Path file = dir.resolve("parties.json");
        PartiesConfig config = PartiesConfig.load(file);
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("config", file.toString());
            m.put("parties", config.size());
            m.put("threshold", config.threshold());
            m.put("firstPort", port);
            spec.commandLine().getOut().println(Json.pretty(m));
        } else {
            spec.commandLine().getOut().printf("wrote %s and %s/tls for %d parties (t = %d) on ports %d..%d%n",
                    file, dir, config.size(), config.threshold(), port, port + parties - 1);
            spec.commandLine().getOut().printf("run each party with: veil mpc party --id I --config %s --values ...%n", file);
        }
        return Main.EXIT_OK;
    }
}
