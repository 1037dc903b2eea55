package org.veilgrid.examples.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.veilgrid.core.tls.TlsIdentity;
import org.veilgrid.mpc.aggregation.AggregationClient;
import org.veilgrid.mpc.aggregation.AggregationPeer;
import org.veilgrid.mpc.aggregation.AggregationService;
import org.veilgrid.mpc.aggregation.CommitteeMember;
import org.veilgrid.mpc.aggregation.Round;

/** {@code veil aggregate client}: sends one client's message; serves its committee seat if it has one. */
@Command(name = "client", mixinStandardHelpOptions = true,
        description = {"Send one client's input to the server as its one message. A client that holds a",
            "committee seat then waits for its task and answers it once."})
public final class AggregateClientCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, description = "Folder made by 'veil aggregate setup'.")
    Path dir;

    @Option(names = "--id", required = true, description = "Client id, e.g. client-00000.")
    String id;

    @Option(names = "--server", required = true, description = "host:port of the server.")
    String server;

    @Option(names = "--server-name", defaultValue = AggregationService.DEFAULT_SERVER_NAME,
            description = "The server's participant name; its certificate must carry it (default: ${DEFAULT-VALUE}).")
    String serverName;

    @Option(names = "--values", split = ",", description = "The input vector, comma-separated integers.")
    long[] values;

    @Option(names = "--inputs", description = "CSV file; the row for this client's number is sent.")
    Path inputs;

    @Option(names = "--no-input", description = "Send nothing (a committee member that has no input of its own).")
    boolean noInput;

    @Override
    public Integer call() throws Exception {
        int colon = server.lastIndexOf(':');
        if (colon <= 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--server must be host:port, got " + server);
        }
        String host = server.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(server.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--server port is not a number: " + server);
        }
        Round round = AggregateFiles.readRound(dir);
        long[] x = values;
        if (inputs != null) {
            long[][] rows = CsvInputs.read(inputs, round.params().inputBound());
            int row = Integer.parseInt(id.replaceAll("\\D", "").isEmpty() ? "-1" : id.replaceAll("\\D", ""));
            if (row < 0 || row >= rows.length) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), inputs + " has no row for " + id);
            }
            x = rows[row];
        }
        if (x == null && !noInput) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give --values, --inputs or --no-input");
        }
        TlsIdentity identity = TlsIdentity.load(dir, id);
        var err = spec.commandLine().getErr();
        try (AggregationPeer peer = new AggregationPeer(host, port, identity, serverName, Duration.ofSeconds(60))) {
            Round seen = peer.round();
            if (!java.util.Arrays.equals(seen.id(), round.id())) {
                throw new org.veilgrid.core.errors.ParameterException("the server runs another round than " + dir + " describes");
            }
            if (x != null) {
                peer.submit(new AggregationClient().submit(seen, id, x));
                err.println("veil aggregate client: " + id + " sent its message");
            }
            for (Round.Seat seat : seen.committee()) {
                if (seat.memberId.equals(id)) {
                    CommitteeMember member = new CommitteeMember(id, AggregateFiles.readMemberKey(dir, id));
                    int covered = peer.serveSeat(seen, member, seat.index, Duration.ofMinutes(5));
                    err.println("veil aggregate client: " + id + " answered seat " + seat.index + " for " + covered + " client(s)");
                }
            }
        }
        return Main.EXIT_OK;
    }
}
