package org.veilgrid.examples.cli;

import io.grpc.Server;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.veilgrid.core.federation.IdentityFolder;
import org.veilgrid.core.federation.Roster;
import org.veilgrid.mpc.aggregation.UnmaskService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code veil aggregate unmasker}: one stateless unmasking replica of a federation's aggregation server. */
@Command(name = "unmasker", mixinStandardHelpOptions = true,
        description = {"Run one replica of the roster's aggregation-unmasker: it does the server's",
            "last step of each round (rebuild the key sum from the committee's shares,",
            "subtract the mask) for the roster's aggregation server alone, and keeps",
            "nothing between rounds. A card listing several addresses is an unmasker run",
            "as replicas: start one process per address, each from a copy of the identity",
            "folder, with --listen. The server (veil aggregate server --unmasker NAME)",
            "spreads its rounds over them and resends a round whose replica went away.",
            "Runs until stopped."})
public final class AggregateUnmaskerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--identity", required = true, paramLabel = "DIR", description = {"The unmasker's identity folder",
        "(veil identity init --role aggregation-unmasker); replicas run from copies of it."})
    Path identity;

    @Option(names = "--roster", required = true, paramLabel = "FILE", description = {"The federation's roster: TLS",
        "trusts exactly its certificates; only its aggregation server may call."})
    Path roster;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = {"Bind here instead of the card's first",
        "address and port; each replica of a card with several addresses binds its own."})
    String listen;

    @Option(names = "--seconds", defaultValue = "0", description = "Stop after this many seconds (0: run until killed).")
    int seconds;

    @Override
    public Integer call() throws Exception {
        if (seconds < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--seconds must be at least 0, got " + seconds);
        }
        Roster r = FederationFiles.roster(roster);
        IdentityFolder me = FederationFiles.identity(identity);
        var err = spec.commandLine().getErr();
        UnmaskService replica = UnmaskService.ofRoster(r, me).onUnmasked(u -> {
            err.println("  unmasked round " + u.roundIdHex() + " over " + u.counted() + " client(s) in " + u.millis() + " ms");
            err.flush();
        });
        InetSocketAddress bind = listen == null ? null : HostPort.parse("--listen", listen);
        Server server;
        try {
            server = replica.start(bind);
        } catch (IOException e) {
            throw HostPort.cannotListen(bind != null ? bind : org.veilgrid.core.federation.Replicas.ownAddress(replica.card()), me.card().name(), e);
        }
        InetSocketAddress bound = (InetSocketAddress) server.getListenSockets().get(0);
        err.println("veil aggregate unmasker: " + me.card().name() + " (roster " + r.shortDigest() + ") listening on "
                + bound.getAddress().getHostAddress() + ":" + bound.getPort() + "; jobs up to "
                + UnmaskService.MAX_REQUEST_BYTES + " bytes, from the roster's aggregation server only");
        err.flush();
        try {
            if (seconds > 0) {
                server.awaitTermination(seconds, TimeUnit.SECONDS);
            } else {
                server.awaitTermination();
            }
        } finally {
            org.veilgrid.core.tls.MutualTls.stop(server);
        }
        spec.commandLine().getOut().printf("unmasked %d round(s)%n", replica.served());
        return Main.EXIT_OK;
    }
}
