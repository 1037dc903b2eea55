package org.veilgrid.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.veilgrid.auction.AuctionProgram;
import org.veilgrid.auction.ProvedAuctionProgram;
import org.veilgrid.auction.proof.CommittedOrder;
import org.veilgrid.auction.proof.ResultStatement;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.core.identity.AgentPublicKey;
import org.veilgrid.core.io.LocalFiles;
import org.veilgrid.core.tls.TlsIdentity;
import org.veilgrid.mpc.config.PartiesConfig;
import org.veilgrid.mpc.engine.MpcSession;
import org.veilgrid.mpc.net.PartyNetwork;

/** {@code veil auction party}: one compute party of a multi-process auction. */
@Command(name = "party", mixinStandardHelpOptions = true,
        description = {"Run one compute party of an auction in a setup folder: wait for every institution's",
            "input, clear under MPC, print the public result and write each institution's masked fill.",
            "A party takes part in an auction once; if the run aborts, it records whom it blames."})
public final class AuctionPartyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, description = "Folder made by 'veil auction setup'.")
    Path dir;

    @Option(names = "--id", required = true, description = "This party's index (0-based).")
    int id;

    @Option(names = "--auction-id", description = "Which auction of the folder (default: the current one).")
    String auctionId;

    @Override
    public Integer call() throws Exception {
        AuctionFiles auction = AuctionFiles.read(dir, auctionId);
        PartiesConfig config = auction.config();
        if (id < 0 || id >= config.size()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--id must lie in [0, " + (config.size() - 1) + "]");
        }
        TlsIdentity identity = TlsIdentity.load(dir.resolve("tls"), config.party(id).name());
        return auction.proofs ? callProved(auction, config, identity) : callPlain(auction, config, identity);
    }

    /**
     * Once per auction, claimed when this party is listening (a party that could not even start
     * may try again): a second run would read this auction's orders and results as its own.
     */
    private void join(AuctionFiles auction) {
        AuctionFiles.claimOnce(auction.joined(id), "party " + id + " has already taken part in auction " + auction.idText
                + "; start another auction with 'veil auction new --dir " + dir + "'");
    }

    /**
     * The institutions wait for this auction's results: tell them whom this party blames, before
     * its server goes away (an institution that then cannot reach this party finds the record).
     */
    private ProtocolAbortException recorded(AuctionFiles auction, ProtocolAbortException e) {
        auction.publishAbort(id, e);
        return e;
    }

    private Integer callPlain(AuctionFiles auction, PartiesConfig config, TlsIdentity identity) {
        AuctionProgram.PartyOutput out;
        try (PartyNetwork network = new PartyNetwork(config, id, identity).start()) {
            join(auction);
            spec.commandLine().getErr().println("veil auction party " + id + ": auction " + auction.idText
                    + ", listening; waiting for " + auction.institutions.size() + " institution(s)");
            try {
                MpcSession session = MpcSession.start(network);
                out = AuctionProgram.run(session, auction.id, auction.grid.size(), auction.institutions);
                finishPlain(auction, session, out);
            } catch (ProtocolAbortException e) {
                throw recorded(auction, e);
            }
        }
        if (out.volume > 0) {
            spec.commandLine().getOut().printf("party %d: clearing price %d, volume %d (%d rounds)%n",
                    id, auction.grid.price(out.priceIndex), out.volume, out.rounds);
        } else {
            spec.commandLine().getOut().printf("party %d: no trade (%d rounds)%n", id, out.rounds);
        }
        return Main.EXIT_OK;
    }

    /** Plain mode: publishes the public result and each institution's masked fill, then ends the session. */
    private void finishPlain(AuctionFiles auction, MpcSession session, AuctionProgram.PartyOutput out) {
        for (Map.Entry<String, long[]> e : out.maskedFills.entrySet()) {
            StringBuilder b = new StringBuilder();
            for (long v : e.getValue()) {
                b.append(Long.toUnsignedString(v)).append('\n');
            }
            auction.publishText(auction.maskedFill(e.getKey(), id), b.toString(), false);
        }
        auction.publishText(auction.publicResult(id), out.priceIndex + " " + out.volume + "\n", false);
        session.finish(); // no peer's last message may find us gone
    }

    /**
     * Proved mode: waits for every institution's committed order (orders/), checks them, clears
     * the accepted ones, publishes its signed result, and writes each signed rejection to a file
     * for that institution only.
     */
    private Integer callProved(AuctionFiles auction, PartiesConfig config, TlsIdentity identity) throws Exception {
        AgentKey key = AuctionFiles.readSecretKey(dir, AuctionFiles.party(id));
        Map<String, AgentPublicKey> keys = new TreeMap<>();
        for (String inst : auction.institutions) {
            keys.put(inst, AuctionFiles.readPublicKey(dir, inst));
        }
        ProvedAuctionProgram.PartyOutput out;
        try (PartyNetwork network = new PartyNetwork(config, id, identity).start()) {
            join(auction);
            spec.commandLine().getErr().println("veil auction party " + id + ": auction " + auction.idText
                    + ", listening; waiting for " + auction.institutions.size() + " institution(s)' committed orders");
            try {
                MpcSession session = MpcSession.start(network);
                Map<String, byte[]> orders = awaitOrders(auction, network, config.timeoutMs());
                out = ProvedAuctionProgram.run(session, auction.id, auction.grid, auction.institutions, orders, keys, key,
                        ProvedAuctionProgram.FROM_CLIENTS);
                for (Map.Entry<String, byte[]> e : out.signedRejections.entrySet()) {
                    AuctionFiles.publish(auction.rejection(e.getKey(), id), e.getValue(), true);
                }
                AuctionFiles.publish(auction.result(id), out.signedResult, false);
                session.finish();
            } catch (ProtocolAbortException e) {
                throw recorded(auction, e);
            }
        }
        ResultStatement st = out.statement;
        String excluded = st.rejected().isEmpty() ? "" : ", excluded " + String.join(",", st.rejected());
        if (st.traded()) {
            spec.commandLine().getOut().printf("party %d: clearing price %d, volume %d (%d rounds, signed%s)%n",
                    id, st.price, st.volume, out.rounds, excluded);
        } else {
            spec.commandLine().getOut().printf("party %d: no trade (%d rounds, signed%s)%n", id, out.rounds, excluded);
        }
        return Main.EXIT_OK;
    }

    /**
     * Every institution's committed order as published, or null for one that did not publish
     * within the timeout (one deadline for all). Stops at once if the run aborts meanwhile, e.g.
     * because a peer party is gone.
     */
    private static Map<String, byte[]> awaitOrders(AuctionFiles auction, PartyNetwork network, int timeoutMs)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        Map<String, byte[]> orders = new TreeMap<>();
        for (String inst : auction.institutions) {
            Path f = auction.committedOrder(inst);
            while (!Files.exists(f) && System.nanoTime() < deadline) {
                ProtocolAbortException aborted = network.aborted();
                if (aborted != null) {
                    throw aborted;
                }
                Thread.sleep(50);
            }
            orders.put(inst, Files.exists(f) ? LocalFiles.readBounded(f, CommittedOrder.MAX_LENGTH) : null);
        }
        return orders;
    }
}
