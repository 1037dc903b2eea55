package org.veilgrid.examples.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.veilgrid.core.federation.IdentityFolder;
import org.veilgrid.core.federation.Role;
import org.veilgrid.core.federation.Roster;
import org.veilgrid.core.io.LocalFiles;
import org.veilgrid.core.text.SafeText;
import org.veilgrid.core.tls.TlsIdentity;
import org.veilgrid.mpc.aggregation.AggregationPeer;
import org.veilgrid.mpc.aggregation.FederatedRound;
import org.veilgrid.mpc.aggregation.AggregationService;
import org.veilgrid.mpc.aggregation.ClientRole;
import org.veilgrid.mpc.aggregation.Round;

/** {@code veil aggregate client}: sends one client's message; serves its committee seat if it has one. */
@Command(name = "client", mixinStandardHelpOptions = true,
        description = {"Send one client's input to the server as its one message. A client",
            "that holds a committee seat then waits for its task and answers it once.",
            "Give the input with exactly one of --values-file, --values, --inputs or",
            "--no-input. A roster's committee member (veil identity init --role",
            "committee-member) runs this too, with --no-input: it only serves its seat."})
public final class AggregateClientCommand implements Callable<Integer> {
    /** Ids name files in the setup folder: the TLS party names of {@code core}. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", description = "Folder made by 'veil aggregate setup --local-demo' (or use --identity/--roster).")
    Path dir;

    @Option(names = "--id", description = "With --dir: client id, e.g. client-00000.")
    String id;

    @Option(names = "--server", description = "With --dir: host:port of the server.")
    String server;

    @Option(names = "--identity", paramLabel = "DIR", description = {"This client's own identity folder (veil identity",
        "init --role aggregation-client or committee-member); with --roster, instead of --dir/--id/--server."})
    Path identityDir;

    @Option(names = "--roster", paramLabel = "FILE", description = {"The federation's roster: the server is its",
        "aggregation server, and only the round the roster gives is accepted."})
    Path rosterFile;

    @Option(names = "--server-name", defaultValue = AggregationService.DEFAULT_SERVER_NAME,
            description = "The server's participant name; its certificate must carry it (default: ${DEFAULT-VALUE}).")
    String serverName;

    @Option(names = "--values-file", paramLabel = "FILE",
            description = "File with the input vector: integers separated by commas, spaces or line breaks; "
                    + "'-' reads standard input.")
    String valuesFile;

    @Option(names = "--values", split = ",",
            description = "The input vector, comma-separated integers. Other users of this machine can see "
                    + "a command line (ps): prefer --values-file for private values.")
    long[] values;

    @Option(names = "--inputs", description = "CSV file; the row for this client's place among the registered clients is sent.")
    Path inputs;

    @Option(names = "--no-input", description = "Send nothing (a committee member that has no input of its own).")
    boolean noInput;

    @Override
    public Integer call() throws Exception {
        if (identityDir != null || rosterFile != null) {
            return federated();
        }
        if (dir == null || id == null || server == null) {
            throw usage("give --dir, --id and --server, or --identity and --roster");
        }
        Printable.checkPath("--dir", dir);
        Printable.checkPath("--inputs", inputs);
        if (!ID.matcher(id).matches()) {
            throw usage("--id " + SafeText.abbreviate(id, 80) + " is not a client id: 1 to 64 letters, digits, '.', '_' or '-'");
        }
        int given = (values != null ? 1 : 0) + (valuesFile != null ? 1 : 0) + (inputs != null ? 1 : 0) + (noInput ? 1 : 0);
        if (given != 1) {
            throw usage("give exactly one of --values-file, --values, --inputs or --no-input");
        }
        int colon = server.lastIndexOf(':');
        if (colon <= 0) {
            throw usage("--server must be host:port, got " + SafeText.abbreviate(server, 80));
        }
        String host = server.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(server.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535 || SafeText.hasUnsafe(host)) {
            throw usage("--server must be host:port with a port in [1, 65535], got " + SafeText.abbreviate(server, 80));
        }
        Round round = AggregateFiles.readRound(dir);
        long[] x = null;
        if (inputs != null) {
            long[][] rows = CsvInputs.read(inputs, round.params().inputBound());
            int row = round.clients().indexOf(id);
            if (row < 0) {
                throw usage(id + " is not a client registered in " + dir + ", so --inputs has no row for it");
            }
            if (row >= rows.length) {
                throw usage(inputs + " has no row for " + id + " (row " + (row + 1) + ")");
            }
            x = rows[row];
        } else if (valuesFile != null) {
            x = readValuesFile(valuesFile);
        } else if (values != null) {
            x = values;
        }
        TlsIdentity identity = TlsIdentity.load(dir, id);
        var err = spec.commandLine().getErr();
        try (AggregationPeer peer = new AggregationPeer(host, port, identity, serverName, Duration.ofSeconds(60))) {
            Round seen = peer.round();
            if (!java.util.Arrays.equals(seen.id(), round.id())) {
                throw new org.veilgrid.core.errors.ParameterException("the server runs another round than " + dir + " describes");
            }
            boolean seated = seen.committee().stream().anyMatch(s -> s.memberId.equals(id));
            ClientRole.run(peer, seen, id, x, seated ? AggregateFiles.readMemberKey(dir, id) : null, Duration.ofMinutes(5),
                    line -> err.println("veil aggregate client: " + line));
        }
        return Main.EXIT_OK;
    }

    /** A client of a federation: its own identity folder and the roster, no setup folder. */
    private int federated() {
        if (identityDir == null || rosterFile == null || dir != null || id != null || server != null) {
            throw usage("--identity and --roster go together, without --dir, --id or --server");
        }
        if (inputs != null) {
            throw usage("--inputs goes with --dir; give --values-file, --values or --no-input");
        }
        int given = (values != null ? 1 : 0) + (valuesFile != null ? 1 : 0) + (noInput ? 1 : 0);
        if (given != 1) {
            throw usage("give exactly one of --values-file, --values or --no-input");
        }
        Roster roster = FederationFiles.roster(rosterFile);
        IdentityFolder me = FederationFiles.identity(identityDir);
        if (FederatedRound.requireParticipant(roster, me.card().name()) == Role.COMMITTEE_MEMBER && !noInput) {
            throw usage("'" + me.card().name() + "' is a committee member of the roster: it has no input of its own,"
                    + " so give --no-input");
        }
        long[] x = valuesFile != null ? readValuesFile(valuesFile) : values;
        var err = spec.commandLine().getErr();
        try (AggregationPeer peer = AggregationPeer.ofRoster(roster, me, Duration.ofSeconds(60))) {
            Round seen = peer.round();
            ClientRole.run(peer, seen, me.card().name(), x, me.sealingKey().privateKey(), Duration.ofMinutes(5),
                    line -> err.println("veil aggregate client: " + line));
        }
        return Main.EXIT_OK;
    }

    /** The vector in a file, or on standard input for "-"; bounded in size. */
    private static long[] readValuesFile(String name) {
        if (name.equals("-")) {
            byte[] bytes = CsvInputs.readStandardInput(System.in, CsvInputs.MAX_VECTOR_BYTES);
            try {
                return CsvInputs.readVector("-", bytes);
            } finally {
                java.util.Arrays.fill(bytes, (byte) 0);
            }
        }
        if (SafeText.hasUnsafe(name)) {
            throw new org.veilgrid.core.errors.ParameterException("--values-file " + SafeText.abbreviate(name, 200)
                    + " contains control characters");
        }
        byte[] bytes = LocalFiles.readBounded(Path.of(name), CsvInputs.MAX_VECTOR_BYTES);
        try {
            return CsvInputs.readVector(name, bytes);
        } finally {
            java.util.Arrays.fill(bytes, (byte) 0);
        }
    }

    private picocli.CommandLine.ParameterException usage(String message) {
        return new picocli.CommandLine.ParameterException(spec.commandLine(), message);
    }
}
