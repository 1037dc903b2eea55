package org.veilgrid.examples.cli;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.veilgrid.mpc.engine.Security;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.veilgrid.auction.AuctionIds;
import org.veilgrid.auction.PriceGrid;
import org.veilgrid.mpc.config.LocalSetup;
import org.veilgrid.core.identity.AgentKey;

/** {@code veil auction setup}: a folder for auctions run as separate processes, with a first auction. */
@Command(name = "setup", mixinStandardHelpOptions = true,
        description = {"Create a folder for multi-process auctions: compute parties' and institutions'",
            "certificates and keys, parties.json, and a first auction (an id, the grid, the institutions).",
            "'veil auction new' adds further auctions to the folder.",
            "LOCAL DEMO ONLY: one folder holds every participant's secret keys. Between participants who each make "
                + "their own identity: veil identity init, veil roster add, veil auction new --roster (docs/deploy.md)."})
public final class AuctionSetupCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LocalDemoOption localDemo;

    @Option(names = "--dir", required = true, description = "Folder to create (must not exist or be empty).")
    Path dir;

    @Option(names = "--institutions", required = true, split = ",", description = "Institution ids, comma-separated, each once.")
    List<String> institutions;

    @Option(names = "--price-grid", required = true, description = "MIN:MAX:STEP.")
    String priceGrid;

    @Option(names = "--parties", defaultValue = "3", description = "Compute parties, 3..9 (default ${DEFAULT-VALUE}).")
    int parties;

    @Option(names = "--port", defaultValue = "7300", description = "Port of party 0; party i uses port + i (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--auction-id", description = "Id of the first auction (default: 32 random hex digits).")
    String auctionId;

    @Option(names = "--no-proofs", description = "Run without committed orders, proofs and signed results (benchmarking).")
    boolean noProofs;

    @Mixin
    SecurityOption securityOption;

    @Override
    public Integer call() {
        localDemo.require();
        if (parties < 3 || parties > 9) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--parties must lie in [3, 9]");
        }
        if (port < 1 || port + parties - 1 > 65535) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--port leaves no room for " + parties + " parties");
        }
        Security security = securityOption.security();
        if (!security.supports(parties, (parties - 1) / 2)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--security malicious runs with 3, 4, 5, 7"
                    + " or 9 parties here (n = 2t + 1 or n >= 3t + 1, docs/mpc.md), not " + parties);
        }
        PriceGrid grid = PriceGrid.parse(priceGrid);
        AuctionFiles.checkInstitutions(institutions);
        String id = auctionId != null ? AuctionIds.requireValid(auctionId) : AuctionIds.random(new SecureRandom());
        // All or nothing: a failure anywhere below leaves no folder behind.
        SetupFolder.create(dir, staging -> {
            LocalSetup.write(staging, parties, port, 120_000, institutions);
            if (!noProofs) {
                // One Ed25519 key per compute party (signs results and rejections) and per
                // institution (signs its order and fill proof), next to the TLS identities, as PEM
                // key files: in a real deployment each owner keeps its secret key.
                List<String> owners = new ArrayList<>(institutions);
                for (int i = 0; i < parties; i++) {
                    owners.add(AuctionFiles.party(i));
                }
                SecureRandom rng = new SecureRandom();
                for (String owner : owners) {
                    AuctionFiles.writeKeys(staging, owner, AgentKey.generate(rng));
                }
            }
            AuctionFiles.write(staging, id, grid, institutions, !noProofs, security);
        });
        spec.commandLine().getOut().printf("set up %s: %d compute parties (ports %d..%d, %s), %d institutions; auction %s, %s%n",
                dir, parties, port, port + parties - 1, security.label(), institutions.size(), id, grid);
        return Main.EXIT_OK;
    }
}
