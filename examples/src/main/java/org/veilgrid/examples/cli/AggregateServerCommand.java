package org.veilgrid.examples.cli;

import io.grpc.Server;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.veilgrid.core.text.SafeText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.veilgrid.core.tls.TlsIdentity;
import org.veilgrid.mpc.aggregation.AggregationResult;
import org.veilgrid.mpc.aggregation.AggregationServer;
import org.veilgrid.mpc.aggregation.AggregationService;
import org.veilgrid.mpc.aggregation.Round;

/** {@code veil aggregate server}: runs the round of a setup folder and prints the sum. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = {"Serve the round in a setup folder: take messages from its registered",
            "clients (each once) until every one has sent or --client-seconds pass, relay",
            "the committee's tasks, unmask and print the sum. Aborts if fewer clients than",
            "the round's minimum are counted."})
public final class AggregateServerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, description = "Folder made by 'veil aggregate setup'.")
    Path dir;

    @Option(names = "--port", defaultValue = "0", description = "Port on 127.0.0.1 (default: any free one, printed).")
    int port;

    @Option(names = "--client-seconds", defaultValue = "30", description = "How long the client phase stays open (default ${DEFAULT-VALUE}).")
    int clientSeconds;

    @Option(names = "--member-seconds", defaultValue = "30", description = "How long to wait for the committee (default ${DEFAULT-VALUE}).")
    int memberSeconds;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--port must lie in [0, 65535], got " + port);
        }
        Round round = AggregateFiles.readRound(Printable.checkPath("--dir", dir));
        TlsIdentity identity = TlsIdentity.load(dir, "aggregation-server");
        AggregationServer server = new AggregationServer(round);
        Server grpc;
        try {
            grpc = new AggregationService(server).start(new InetSocketAddress("127.0.0.1", port), identity);
        } catch (IOException e) {
            // A port in use or not ours to take: one line naming it, not gRPC's exception.
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new org.veilgrid.core.errors.ParameterException("cannot listen on 127.0.0.1:" + port + " ("
                    + SafeText.abbreviate(root.getMessage(), 200) + ")", e);
        }
        var err = spec.commandLine().getErr();
        err.println("veil aggregate server: listening on 127.0.0.1:" + grpc.getPort() + ", " + round);
        err.flush();
        try {
            long end = System.nanoTime() + clientSeconds * 1_000_000_000L;
            while (System.nanoTime() < end && server.submissionCount() < round.clients().size()) {
                Thread.sleep(50);
            }
            int arrived = server.close().size();
            err.println("  client phase closed: " + arrived + " message(s)");
            end = System.nanoTime() + memberSeconds * 1_000_000_000L;
            while (System.nanoTime() < end && server.replyCount() < round.committee().size()) {
                Thread.sleep(50);
            }
            err.println("  committee: " + server.replyCount() + " of " + round.committee().size() + " answered");
            AggregationResult r = server.finish();
            var out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("sum", Arrays.stream(r.sum).boxed().toList());
                o.put("counted", r.counted);
                o.put("excluded", r.excluded);
                o.put("seatsUsed", r.seatsUsed);
                out.println(Json.pretty(o));
            } else {
                out.println("sum over " + r.counted.size() + " client(s): " + Arrays.toString(r.sum));
            }
            return Main.EXIT_OK;
        } finally {
            org.veilgrid.core.tls.MutualTls.stop(grpc);
        }
    }
}
