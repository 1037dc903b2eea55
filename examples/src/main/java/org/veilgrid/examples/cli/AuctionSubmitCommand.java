package org.veilgrid.examples.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.veilgrid.auction.AuctionInstitution;
import org.veilgrid.auction.AuctionTerms;
import org.veilgrid.auction.Order;
import org.veilgrid.core.federation.IdentityFolder;
import org.veilgrid.core.federation.Roster;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.core.identity.AgentPublicKey;
import org.veilgrid.core.tls.TlsIdentity;
import org.veilgrid.mpc.config.PartiesConfig;
import org.veilgrid.mpc.net.InputClient;

/** {@code veil auction submit}: an institution sends its orders and learns its own fill. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = {"Send one institution's orders (its rows of a CSV book) to the compute parties of an",
            "auction, wait for every party's answer, check it, and print the public result and this",
            "institution's fill. With proofs, the signed order, the signed results and a fill proof",
            "are written to --evidence for third parties ('veil auction check-fill').",
            "Federated: --identity, --roster and --terms. Local demo: --dir and --institution."})
public final class AuctionSubmitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--identity", paramLabel = "DIR", description = {"This institution's own identity folder (veil",
        "identity init --role institution)."})
    Path identity;

    @Option(names = "--roster", paramLabel = "FILE", description = "The federation's roster (veil roster add).")
    Path roster;

    @Option(names = "--terms", paramLabel = "FILE", description = "The auction's terms (veil auction new --roster).")
    Path terms;

    @Option(names = "--dir", description = "Local demo: a folder made by 'veil auction setup --local-demo'.")
    Path dir;

    @Option(names = "--institution", description = "Local demo: this institution's id.")
    String institution;

    @Option(names = "--auction-id", description = "Local demo: which auction of the folder (default: the current one).")
    String auctionId;

    @Option(names = "--orders", required = true, description = "CSV book; only this institution's rows are used.")
    Path orders;

    @Option(names = "--evidence", paramLabel = "DIR", description = {"Where to write the public evidence of this",
        "institution's fill (proofs on; local demo default: <dir>/auctions/<id>/evidence/<institution>)."})
    Path evidence;

    @Option(names = "--wait-seconds", defaultValue = "120", description = {"How long to wait for the result, in all",
        "(default ${DEFAULT-VALUE})."})
    int waitSeconds;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        if (waitSeconds < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--wait-seconds must be at least 1");
        }
        boolean federated = identity != null || roster != null || terms != null;
        boolean local = dir != null || institution != null;
        if (federated == local || (federated ? identity == null || roster == null || terms == null
                : dir == null || institution == null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "give either --identity, --roster and --terms, or (local demo) --dir and --institution");
        }
        long waitMs = waitSeconds * 1000L;
        AuctionInstitution me;
        List<String> partyNames;
        Path evidenceDir = evidence;
        if (federated) {
            Roster r = FederationFiles.roster(roster);
            IdentityFolder folder = FederationFiles.identity(identity);
            AuctionTerms t = FederationFiles.terms(terms).requireRoster(r);
            me = AuctionInstitution.ofRoster(r, folder, t, (int) Math.min(Integer.MAX_VALUE, waitMs));
            partyNames = me.partyNames();
        } else {
            AuctionFiles auction = AuctionFiles.read(dir, auctionId);
            if (!auction.institutions.contains(institution)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), institution
                        + " is not an institution of this auction");
            }
            PartiesConfig config = auction.config();
            AgentKey key = auction.proofs ? AuctionFiles.readSecretKey(dir, institution) : null;
            List<AgentPublicKey> partyKeys = auction.proofs ? AuctionFiles.partyKeys(dir, config.size()) : List.of();
            InputClient client = new InputClient(config, TlsIdentity.load(dir.resolve("tls"), institution))
                    .waitingForParties();
            me = new AuctionInstitution(auction.terms(), institution, key, client, partyKeys);
            partyNames = me.partyNames();
            if (evidenceDir == null) {
                evidenceDir = auction.home.resolve("evidence").resolve(institution);
            }
        }
        AuctionInstitution.Result r;
        long millis;
        try (AuctionInstitution closing = me) {
            String name = closing.name();
            List<Order> mine = AuctionViews.readOrders(orders).stream().filter(o -> o.institution.equals(name)).toList();
            spec.commandLine().getErr().println("veil auction submit: " + name + " sends " + mine.size()
                    + " order(s) to auction " + closing.terms().id());
            long start = System.nanoTime();
            r = closing.submit(mine, waitMs);
            millis = (System.nanoTime() - start) / 1_000_000;
        }
        if (r.accepted() && r.fillProof() != null && evidenceDir != null) {
            FillEvidence.write(evidenceDir, r, partyNames);
        }
        AuctionTerms t = r.terms();
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("auctionId", t.id());
            o.put("institution", r.institution());
            o.put("accepted", r.accepted());
            if (!r.accepted()) {
                o.put("rejection", r.rejection().reason().name());
                o.put("reason", r.rejection().detail());
            }
            o.put("traded", r.traded());
            o.put("price", r.traded() ? r.price() : null);
            o.put("volume", r.volume());
            o.put("bought", r.fill().bought);
            o.put("sold", r.fill().sold);
            o.put("millis", millis);
            if (t.proofs()) {
                o.put("resultVerified", true);
                o.put("fillProofVerified", r.fillProof() != null);
                o.put("evidence", r.fillProof() != null && evidenceDir != null ? evidenceDir.toString() : null);
            }
            spec.commandLine().getOut().println(Json.pretty(o));
        } else if (!r.accepted()) {
            spec.commandLine().getOut().println(r.institution() + ": order REJECTED by the compute parties — "
                    + AuctionFiles.printable(r.rejection().toString()));
        } else {
            spec.commandLine().getOut().printf("%s%n%s: bought %d, sold %d%n", r.traded()
                    ? "clearing price " + r.price() + ", volume " + r.volume() : "no trade",
                    r.institution(), r.fill().bought, r.fill().sold);
            if (t.proofs()) {
                spec.commandLine().getOut().printf("%s: order accepted; signed result verified (all %d parties)%s%n",
                        r.institution(), partyNames.size(), r.fillProof() == null ? ""
                                : evidenceDir == null ? "; fill proof made (no --evidence to write it to)"
                                : "; fill proof written to " + evidenceDir);
            }
        }
        return r.accepted() ? Main.EXIT_OK : Main.EXIT_FAILED;
    }
}
