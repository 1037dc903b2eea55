package org.veilgrid.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.veilgrid.auction.AuctionIds;
import org.veilgrid.auction.PriceGrid;
import org.veilgrid.core.errors.ParameterException;

/** {@code veil auction new}: another auction in a set-up folder, with an id of its own. */
@Command(name = "new", mixinStandardHelpOptions = true,
        description = {"Start another auction in a folder made by 'veil auction setup': a new id (its files",
            "go to auctions/<id>/), the same parties and institutions, the same or another price grid.",
            "It becomes the current auction: party, submit and check-fill use it unless given --auction-id."})
public final class AuctionNewCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, description = "Folder made by 'veil auction setup'.")
    Path dir;

    @Option(names = "--price-grid", description = "MIN:MAX:STEP (default: the current auction's grid).")
    String priceGrid;

    @Option(names = "--auction-id", description = "The new auction's id, unused in this folder (default: 32 random hex digits).")
    String auctionId;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(dir.resolve("parties.json"))) {
            throw new ParameterException(dir + " is not a folder made by 'veil auction setup'");
        }
        AuctionFiles current = AuctionFiles.read(dir, null);
        PriceGrid grid = priceGrid != null ? PriceGrid.parse(priceGrid) : current.grid;
        String id = auctionId != null ? AuctionIds.requireValid(auctionId) : AuctionIds.random(new SecureRandom());
        AuctionFiles.write(dir, id, grid, current.institutions, current.proofs);
        spec.commandLine().getOut().printf("auction %s in %s: %d institutions, %s%s%n", id, dir,
                current.institutions.size(), grid, current.proofs ? "" : ", no proofs");
        return Main.EXIT_OK;
    }
}
