package org.veilgrid.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.veilgrid.auction.AuctionIds;
import org.veilgrid.auction.AuctionTerms;
import org.veilgrid.auction.PriceGrid;
import org.veilgrid.core.federation.Roster;
import org.veilgrid.core.errors.ParameterException;

/** {@code veil auction new}: another auction in a set-up folder, with an id of its own. */
@Command(name = "new", mixinStandardHelpOptions = true,
        description = {"Call an auction. Federated (--roster): write its public terms (id, price grid, proofs,",
            "the institutions taking part, the roster's digest) to --out, for every participant to",
            "use with the roster. Local demo (--dir): another auction in a folder made by 'veil",
            "auction setup --local-demo', with a new id; it becomes the folder's current auction."})
public final class AuctionNewCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--roster", paramLabel = "FILE", description = "The federation's roster (veil roster add).")
    Path roster;

    @Option(names = "--out", paramLabel = "FILE", description = "With --roster: where to write the terms (must not exist).")
    Path out;

    @Option(names = "--institutions", split = ",", description = {"With --roster: the institutions taking part",
        "(default: every institution of the roster)."})
    List<String> institutions;

    @Option(names = "--no-proofs", description = {"With --roster: run without committed orders, proofs and signed",
        "results (benchmarking)."})
    boolean noProofs;

    @Mixin
    SecurityOption securityOption;

    @Option(names = "--dir", description = "Local demo: a folder made by 'veil auction setup --local-demo'.")
    Path dir;

    @Option(names = "--price-grid", description = "MIN:MAX:STEP (required with --roster; local demo default: the current grid).")
    String priceGrid;

    @Option(names = "--auction-id", description = "The new auction's id, unused in this folder (default: 32 random hex digits).")
    String auctionId;

    @Override
    public Integer call() {
        if ((roster == null) == (dir == null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give either --roster (with --out and"
                    + " --price-grid) or (local demo) --dir");
        }
        if (roster != null) {
            if (out == null || priceGrid == null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--roster needs --out and --price-grid");
            }
            if (Files.exists(out)) {
                throw new ParameterException(out + " exists; terms are written once (choose another file)");
            }
            Roster r = FederationFiles.roster(roster);
            String id = auctionId != null ? AuctionIds.requireValid(auctionId) : AuctionIds.random(new SecureRandom());
            AuctionTerms terms = AuctionTerms.of(r, id, PriceGrid.parse(priceGrid), !noProofs,
                    institutions == null ? List.of() : institutions, securityOption.security());
            AuctionFiles.publish(out, terms.toBytes(), false);
            spec.commandLine().getOut().printf("auction %s for roster %s: %d institutions, %s%s, %s; terms %s in %s%n", id,
                    r.shortDigest(), terms.institutions().size(), terms.grid(), noProofs ? ", no proofs" : "",
                    terms.security().label(), terms.shortDigest(), out);
            return Main.EXIT_OK;
        }
        if (institutions != null || out != null || noProofs || securityGiven()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--out, --institutions, --no-proofs and"
                    + " --security go with --roster; a new auction in a setup folder keeps its parties, institutions"
                    + " and modes");
        }
        if (!Files.isRegularFile(dir.resolve("parties.json"))) {
            throw new ParameterException(dir + " is not a folder made by 'veil auction setup'");
        }
        AuctionFiles current = AuctionFiles.read(dir, null);
        PriceGrid grid = priceGrid != null ? PriceGrid.parse(priceGrid) : current.grid;
        String id = auctionId != null ? AuctionIds.requireValid(auctionId) : AuctionIds.random(new SecureRandom());
        AuctionFiles.write(dir, id, grid, current.institutions, current.proofs, current.security);
        spec.commandLine().getOut().printf("auction %s in %s: %d institutions, %s%s, %s%n", id, dir,
                current.institutions.size(), grid, current.proofs ? "" : ", no proofs", current.security.label());
        return Main.EXIT_OK;
    }

    private boolean securityGiven() {
        return spec.commandLine().getParseResult().hasMatchedOption("--security");
    }
}
