package org.veilgrid.examples.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.veilgrid.auction.AuctionComputeParty;
import org.veilgrid.auction.AuctionTerms;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.federation.IdentityFolder;
import org.veilgrid.core.federation.Roster;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.core.identity.AgentPublicKey;
import org.veilgrid.core.tls.TlsIdentity;
import org.veilgrid.mpc.config.PartiesConfig;
import org.veilgrid.mpc.net.PartyNetwork;

/** {@code veil auction party}: one compute party of an auction, in its own process. */
@Command(name = "party", mixinStandardHelpOptions = true,
        description = {"Run one compute party of an auction: take every institution's committed order at this",
            "party's desk, clear under MPC with the other parties, sign the result, and hand each",
            "institution its own outcome over mutual TLS (a rejection reason to its owner only).",
            "Federated: --identity, --roster and --terms. Local demo: --dir and --id."})
public final class AuctionPartyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--identity", paramLabel = "DIR", description = {"This party's own identity folder (veil identity",
        "init --role compute-party)."})
    Path identity;

    @Option(names = "--roster", paramLabel = "FILE", description = "The federation's roster (veil roster add).")
    Path roster;

    @Option(names = "--terms", paramLabel = "FILE", description = "The auction's terms (veil auction new --roster).")
    Path terms;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = {"With --roster: bind here instead of the",
        "card's address and port."})
    String listen;

    @Option(names = "--timeout-ms", defaultValue = "120000", description = {"With --roster: how long this party waits",
        "for a peer or for the institutions' orders before it aborts (default ${DEFAULT-VALUE})."})
    int timeoutMs;

    @Option(names = "--dir", description = "Local demo: a folder made by 'veil auction setup --local-demo'.")
    Path dir;

    @Option(names = "--id", description = "Local demo: this party's index (0-based).")
    Integer id;

    @Option(names = "--auction-id", description = "Local demo: which auction of the folder (default: the current one).")
    String auctionId;

    @Option(names = "--collect-seconds", defaultValue = "60", description = {"How long the party stays up after the",
        "auction for institutions to collect their outcomes (default ${DEFAULT-VALUE})."})
    int collectSeconds;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        boolean federated = identity != null || roster != null || terms != null;
        boolean local = dir != null || id != null;
        if (federated == local || (federated ? identity == null || roster == null || terms == null : dir == null || id == null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "give either --identity, --roster and --terms, or (local demo) --dir and --id");
        }
        if (collectSeconds < 0 || (federated && timeoutMs < 1)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--collect-seconds must be at least 0 and --timeout-ms at least 1");
        }
        AuctionComputeParty party;
        PartyNetwork network;
        int orderWaitMs;
        if (federated) {
            Roster r = FederationFiles.roster(roster);
            IdentityFolder me = FederationFiles.identity(identity);
            AuctionTerms t = FederationFiles.terms(terms).requireRoster(r);
            party = AuctionComputeParty.ofRoster(r, me, t);
            network = party.network(r, me, timeoutMs);
            if (listen != null) {
                network.listenOn(HostPort.parse("--listen", listen));
            }
            orderWaitMs = timeoutMs;
        } else {
            if (listen != null) {
                throw new ParameterException("--listen goes with --roster; the setup folder names each party's address");
            }
            AuctionFiles auction = AuctionFiles.read(dir, auctionId);
            PartiesConfig config = auction.config();
            if (id < 0 || id >= config.size()) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--id must lie in [0, "
                        + (config.size() - 1) + "]");
            }
            String name = config.party(id).name();
            AgentKey key = auction.proofs ? AuctionFiles.readSecretKey(dir, AuctionFiles.party(id)) : null;
            Map<String, AgentPublicKey> keys = new TreeMap<>();
            if (auction.proofs) {
                for (String inst : auction.institutions) {
                    keys.put(inst, AuctionFiles.readPublicKey(dir, inst));
                }
            }
            party = new AuctionComputeParty(auction.terms(), name, key, keys);
            network = new PartyNetwork(config, id, TlsIdentity.load(dir.resolve("tls"), name)).addService(party.desk());
            orderWaitMs = config.timeoutMs();
        }
        AuctionTerms t = party.terms();
        AuctionComputeParty.Served served;
        try (PartyNetwork started = network.start()) {
            spec.commandLine().getErr().println("veil auction party " + started.self() + ": auction " + t.id()
                    + " (" + t.security().label() + "), listening; waiting for " + t.institutions().size() + " institution(s)"
                    + (t.proofs() ? "' committed orders" : ""));
            served = party.serve(started, orderWaitMs, collectSeconds * 1000L);
        }
        AuctionComputeParty.Result r = served.result();
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("auctionId", t.id());
            o.put("party", network.self());
            o.put("traded", r.traded());
            o.put("price", r.traded() ? r.price() : null);
            o.put("volume", r.volume());
            o.put("rejected", r.rejected().stream().toList());
            o.put("signed", t.proofs());
            o.put("security", t.security().label());
            o.put("rounds", r.rounds());
            o.put("millis", Math.round(served.millis()));
            o.put("uncollected", served.uncollected().stream().toList());
            spec.commandLine().getOut().println(Json.pretty(o));
        } else {
            String excluded = r.rejected().isEmpty() ? "" : ", excluded " + String.join(",", r.rejected());
            spec.commandLine().getOut().printf("party %d: %s (%s, %d rounds%s%s, %d ms)%n", network.self(),
                    r.traded() ? "clearing price " + r.price() + ", volume " + r.volume() : "no trade",
                    t.security().label(), r.rounds(), t.proofs() ? ", signed" : "", excluded, Math.round(served.millis()));
            if (!served.uncollected().isEmpty()) {
                spec.commandLine().getErr().println("veil auction party: " + String.join(", ", served.uncollected())
                        + " did not collect an outcome within " + collectSeconds + " s");
            }
        }
        return Main.EXIT_OK;
    }
}
