package org.veilgrid.examples.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.veilgrid.auction.AuctionTerms;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.core.federation.Card;
import org.veilgrid.core.federation.Roster;
import org.veilgrid.core.identity.AgentPublicKey;
import org.veilgrid.mpc.config.PartiesConfig;

/** {@code veil auction check-fill}: a third party checks an institution's fill proof from public files. */
@Command(name = "check-fill", mixinStandardHelpOptions = true,
        description = {"Check, as a third party, an institution's fill from public data only (the folder",
            "'veil auction submit --evidence' wrote): every party's signature on the result, the",
            "institution's signed committed order and signed fill proof, and that its fill lies",
            "within its committed quantity at the clearing price. Keys come from the roster (with",
            "--terms) or, in a local demo, from the setup folder (--dir)."})
public final class AuctionCheckFillCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--roster", paramLabel = "FILE", description = "The federation's roster (with --terms).")
    Path roster;

    @Option(names = "--terms", paramLabel = "FILE", description = "The auction's terms (veil auction new --roster).")
    Path terms;

    @Option(names = "--dir", description = "Local demo: a folder made by 'veil auction setup --local-demo'.")
    Path dir;

    @Option(names = "--auction-id", description = "Local demo: which auction of the folder (default: the current one).")
    String auctionId;

    @Option(names = "--institution", required = true, description = "Whose fill to check.")
    String institution;

    @Option(names = "--evidence", paramLabel = "DIR", description = {"The institution's evidence folder (local demo",
        "default: <dir>/auctions/<id>/evidence/<institution>)."})
    Path evidence;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        boolean federated = roster != null || terms != null;
        if (federated == (dir != null) || (federated && (roster == null || terms == null))) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "give either --roster and --terms, or (local demo) --dir");
        }
        AuctionTerms t;
        List<String> partyNames = new ArrayList<>();
        List<AgentPublicKey> partyKeys = new ArrayList<>();
        AgentPublicKey institutionKey;
        Path folder = evidence;
        if (federated) {
            Roster r = FederationFiles.roster(roster);
            t = FederationFiles.terms(terms).requireRoster(r);
            for (var p : PartiesConfig.fromRoster(r, 1).parties()) {
                partyNames.add(p.name());
                partyKeys.add(r.card(p.name()).orElseThrow().statement().agent());
            }
            Card card = r.card(institution).orElseThrow(() -> new ParameterException("'" + institution
                    + "' is not in roster " + r.shortDigest()));
            institutionKey = card.statement().agent();
            if (folder == null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give --evidence");
            }
        } else {
            AuctionFiles auction = AuctionFiles.read(dir, auctionId);
            t = auction.terms();
            PartiesConfig config = auction.config();
            config.parties().forEach(p -> partyNames.add(p.name()));
            if (auction.proofs) {
                partyKeys.addAll(AuctionFiles.partyKeys(dir, config.size()));
            }
            institutionKey = auction.proofs && auction.institutions.contains(institution)
                    ? AuctionFiles.readPublicKey(dir, institution) : null;
            if (folder == null) {
                folder = auction.home.resolve("evidence").resolve(institution);
            }
        }
        if (!t.proofs() || !t.institutions().contains(institution)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), t.proofs()
                    ? institution + " is not an institution of auction " + t.id() : "auction " + t.id() + " ran without proofs");
        }
        String verdict;
        boolean ok;
        FillEvidence.Checked checked = null;
        try {
            checked = FillEvidence.check(folder, t, partyNames, partyKeys, institutionKey);
            ok = true;
            verdict = "fill proof of " + institution + " verified: signed by all " + partyNames.size()
                    + " parties; bought and sold each within the committed quantity at price " + checked.result().price
                    + (checked.proof().complete(0) ? "; bought = committed demand" : "")
                    + (checked.proof().complete(1) ? "; sold = committed supply" : "");
        } catch (VerificationFailedException e) {
            ok = false;
            verdict = "fill proof of " + institution + " REJECTED: " + AuctionFiles.printable(e.getMessage());
        }
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("institution", institution);
            m.put("verified", ok);
            m.put("boughtComplete", ok && checked.proof().complete(0));
            m.put("soldComplete", ok && checked.proof().complete(1));
            m.put("message", verdict);
            spec.commandLine().getOut().println(Json.pretty(m));
        } else {
            spec.commandLine().getOut().println(verdict);
        }
        return ok ? Main.EXIT_OK : Main.EXIT_FAILED;
    }
}
