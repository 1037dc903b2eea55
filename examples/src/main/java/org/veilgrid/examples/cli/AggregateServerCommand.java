package org.veilgrid.examples.cli;

import io.grpc.Server;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.veilgrid.core.federation.IdentityFolder;
import org.veilgrid.core.federation.Role;
import org.veilgrid.core.federation.Roster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.veilgrid.core.tls.TlsIdentity;
import org.veilgrid.mpc.aggregation.AggregationResult;
import org.veilgrid.mpc.aggregation.AggregationServer;
import org.veilgrid.mpc.aggregation.AggregationService;
import org.veilgrid.mpc.aggregation.FederatedRound;
import org.veilgrid.mpc.aggregation.RemoteUnmasking;
import org.veilgrid.mpc.aggregation.Round;
import org.veilgrid.mpc.aggregation.Unmasking;
import org.veilgrid.mpc.aggregation.ServerRole;

/** {@code veil aggregate server}: runs a round of a roster or a setup folder and prints the sum. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = {"Serve a round, of a roster (--identity, --roster) or of a setup folder (--dir): take",
            "messages from its registered clients (each once) until every one has sent or",
            "--client-seconds pass, relay the committee's tasks, unmask (here, or on the roster's",
            "unmasking replicas with --unmasker) and print the sum. Aborts if fewer clients than",
            "the round's minimum are counted."})
public final class AggregateServerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", description = "Folder made by 'veil aggregate setup --local-demo' (or use --identity/--roster).")
    Path dir;

    @Option(names = "--identity", paramLabel = "DIR", description = {"The server's own identity folder (veil identity",
        "init --role aggregation-server); with --roster, instead of --dir."})
    Path identityDir;

    @Option(names = "--roster", paramLabel = "FILE", description = {"The federation's roster: its aggregation clients",
        "are the round's clients, the committee is drawn among them with their cards' sealing keys."})
    Path rosterFile;

    @Option(names = "--round-id", paramLabel = "HEX", description = "With --roster: the round's 16-byte id (default: fresh).")
    String roundId;

    @Option(names = "--dim", defaultValue = "4", description = "With --roster: vector length L (default ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--bound", defaultValue = "1000000", description = "With --roster: inputs lie in [-bound, bound] (default ${DEFAULT-VALUE}).")
    long bound;

    @Option(names = "--committee", defaultValue = "3", description = "With --roster: committee size (default ${DEFAULT-VALUE}).")
    int committee;

    @Option(names = "--threshold", defaultValue = "2", description = "With --roster: members needed to unmask (default ${DEFAULT-VALUE}).")
    int threshold;

    @Option(names = "--min-counted", defaultValue = "2", description = "With --roster: the fewest clients a sum may cover (default ${DEFAULT-VALUE}).")
    int minCounted;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "With --roster: bind here instead of the card's address and port.")
    String listen;

    @Option(names = "--port", defaultValue = "0", description = "Port on 127.0.0.1 (default: any free one, printed).")
    int port;

    @Option(names = "--client-seconds", defaultValue = "30", description = "How long the client phase stays open (default ${DEFAULT-VALUE}).")
    int clientSeconds;

    @Option(names = "--member-seconds", defaultValue = "30", description = "How long to wait for the committee (default ${DEFAULT-VALUE}).")
    int memberSeconds;

    @Option(names = "--unmasker", paramLabel = "NAME", description = {"With --roster: have the round unmasked by the",
        "roster's aggregation-unmasker NAME, on its stateless replicas (round-robin over the addresses",
        "on its card; a replica that goes away is replaced by another). Default: unmask here."})
    String unmasker;

    @Option(names = "--unmask-seconds", defaultValue = "60", description = "With --unmasker: how long the unmasking may take, waiting for a replica included (default ${DEFAULT-VALUE}).")
    int unmaskSeconds;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        boolean federated = identityDir != null && rosterFile != null;
        boolean dealt = dir != null && identityDir == null && rosterFile == null;
        if (federated == dealt || (federated && dir != null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give either --dir, or --identity and --roster");
        }
        if (unmasker != null && rosterFile == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--unmasker goes with --roster: the unmasker is a card of the roster");
        }
        if (unmaskSeconds < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--unmask-seconds must be at least 1, got " + unmaskSeconds);
        }
        Round round;
        TlsIdentity identity;
        Roster roster = null;
        RemoteUnmasking remote = null;
        InetSocketAddress bind;
        if (dir != null) {
            if (port < 0 || port > 65535) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--port must lie in [0, 65535], got " + port);
            }
            round = AggregateFiles.readRound(Printable.checkPath("--dir", dir));
            identity = TlsIdentity.load(dir, "aggregation-server");
            bind = new InetSocketAddress("127.0.0.1", port);
        } else {
            roster = FederationFiles.roster(rosterFile);
            IdentityFolder me = FederationFiles.identity(identityDir);
            // The folder first: another participant's is refused before the round is derived.
            FederatedRound.requireRole(roster, me.card().name(), Role.AGGREGATION_SERVER);
            roster.trust(me.tls());
            byte[] id = new byte[Round.ID_BYTES];
            if (roundId == null) {
                new SecureRandom().nextBytes(id);
            } else {
                try {
                    id = HexFormat.of().parseHex(roundId);
                } catch (IllegalArgumentException e) {
                    id = new byte[0];
                }
                if (id.length != Round.ID_BYTES) {
                    throw new org.veilgrid.core.errors.ParameterException("--round-id must be " + Round.ID_BYTES
                            + " bytes in hex (" + 2 * Round.ID_BYTES + " digits)");
                }
            }
            round = FederatedRound.of(roster, id, dim, bound, committee, threshold, minCounted);
            identity = me.tls();
            if (unmasker != null) {
                // Checked before anything listens: a name that is no unmasker is a one-line refusal.
                remote = RemoteUnmasking.ofRoster(roster, roster.trust(identity), unmasker, Duration.ofSeconds(unmaskSeconds));
            }
            bind = listen != null ? HostPort.parse("--listen", listen) : org.veilgrid.core.federation.Replicas.ownAddress(me.card());
        }
        try (RemoteUnmasking closeLater = remote) {
            return serve(round, identity, roster, bind, closeLater);
        }
    }

    private int serve(Round round, TlsIdentity identity, Roster roster, InetSocketAddress bind, RemoteUnmasking remote)
            throws Exception {
        AggregationServer server = new AggregationServer(round);
        Server grpc;
        try {
            grpc = new AggregationService(server).start(bind, identity, roster);
        } catch (IOException e) {
            throw HostPort.cannotListen(bind, identity.partyName(), e);
        }
        var err = spec.commandLine().getErr();
        err.println("veil aggregate server: listening on " + bind.getHostString() + ":" + grpc.getPort() + ", " + round);
        if (remote != null) {
            err.println("  unmasking on the replicas of " + remote.unmasker());
        }
        err.flush();
        try {
            AggregationResult r = ServerRole.run(server, Duration.ofSeconds(clientSeconds), Duration.ofSeconds(memberSeconds),
                    remote != null ? remote : Unmasking.LOCAL, line -> err.println("  " + line));
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
