package org.veilgrid.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.veilgrid.auction.PriceGrid;
import org.veilgrid.mpc.config.LocalSetup;

/** {@code veil auction setup}: a folder for an auction run as separate processes. */
@Command(name = "setup", mixinStandardHelpOptions = true,
        description = {"Create a folder for a multi-process auction: compute parties' and institutions'",
            "certificates, parties.json and auction.properties (a fresh auction id, the grid, the institutions)."})
public final class AuctionSetupCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, description = "Folder to create (must not exist or be empty).")
    Path dir;

    @Option(names = "--institutions", required = true, split = ",", description = "Institution ids, comma-separated.")
    List<String> institutions;

    @Option(names = "--price-grid", required = true, description = "MIN:MAX:STEP.")
    String priceGrid;

    @Option(names = "--parties", defaultValue = "3", description = "Compute parties, 3..9 (default ${DEFAULT-VALUE}).")
    int parties;

    @Option(names = "--port", defaultValue = "7300", description = "Port of party 0; party i uses port + i (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--no-proofs", description = "Run without committed orders, proofs and signed results (benchmarking).")
    boolean noProofs;

    @Override
    public Integer call() throws Exception {
        if (Files.exists(dir) && (!Files.isDirectory(dir) || Files.list(dir).findAny().isPresent())) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), dir + " exists and is not an empty folder");
        }
        if (parties < 3 || parties > 9) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--parties must lie in [3, 9]");
        }
        PriceGrid grid = PriceGrid.parse(priceGrid);
        for (String inst : institutions) {
            new org.veilgrid.auction.Order(inst, org.veilgrid.auction.Side.BUY, 0, 0); // validates the id
        }
        Files.createDirectories(dir);
        LocalSetup.write(dir, parties, port, 120_000, institutions);
        byte[] id = new byte[16];
        new SecureRandom().nextBytes(id);
        AuctionFiles.write(dir, id, grid, institutions, !noProofs);
        if (!noProofs) {
            // One Ed25519 key per compute party (signs results) and per institution (signs its order),
            // next to the TLS identities: in a real deployment each owner keeps its seed to itself.
            java.util.List<String> owners = new java.util.ArrayList<>(institutions);
            for (int i = 0; i < parties; i++) {
                owners.add(AuctionFiles.party(i));
            }
            SecureRandom rng = new SecureRandom();
            for (String owner : owners) {
                org.veilgrid.zk.promise.AgentKeys k = org.veilgrid.zk.promise.AgentKeys.generate(rng);
                AuctionFiles.publish(AuctionFiles.seed(dir, owner), k.seed(), true);
                AuctionFiles.publish(AuctionFiles.pub(dir, owner), k.publicKey(), false);
            }
        }
        Files.createDirectories(AuctionFiles.results(dir));
        spec.commandLine().getOut().printf("set up %s: %d compute parties (ports %d..%d), %d institutions, %s%n",
                dir, parties, port, port + parties - 1, institutions.size(), grid);
        return Main.EXIT_OK;
    }
}
