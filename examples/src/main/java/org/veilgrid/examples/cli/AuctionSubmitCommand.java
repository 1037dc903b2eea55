package org.veilgrid.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.veilgrid.auction.AuctionParticipant;
import org.veilgrid.auction.Fill;
import org.veilgrid.auction.Order;
import org.veilgrid.auction.proof.CommittedOrder;
import org.veilgrid.auction.proof.FillProof;
import org.veilgrid.auction.proof.Rejection;
import org.veilgrid.auction.proof.ResultStatement;
import org.veilgrid.auction.proof.SignedResult;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.core.identity.AgentPublicKey;
import org.veilgrid.core.io.LocalFiles;
import org.veilgrid.core.tls.TlsIdentity;
import org.veilgrid.mpc.config.PartiesConfig;

/** {@code veil auction submit}: an institution sends its orders and learns its own fill. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = {"Send one institution's orders (its rows of a CSV book) to the compute parties of an",
            "auction in a setup folder, wait for the result, and print the public result and this",
            "institution's fill. An institution submits to an auction once."})
public final class AuctionSubmitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, description = "Folder made by 'veil auction setup'.")
    Path dir;

    @Option(names = "--institution", required = true, description = "This institution's id.")
    String institution;

    @Option(names = "--orders", required = true, description = "CSV book; only this institution's rows are used.")
    Path orders;

    @Option(names = "--auction-id", description = "Which auction of the folder (default: the current one).")
    String auctionId;

    @Option(names = "--wait-seconds", defaultValue = "120", description = {"How long to wait for the result, in all",
        "(default ${DEFAULT-VALUE})."})
    int waitSeconds;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (waitSeconds < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--wait-seconds must be at least 1");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
        AuctionFiles auction = AuctionFiles.read(dir, auctionId);
        if (!auction.institutions.contains(institution)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), institution + " is not an institution of this auction");
        }
        List<Order> mine = AuctionViews.readOrders(orders).stream().filter(o -> o.institution.equals(institution)).toList();
        PartiesConfig config = auction.config();
        // Keys first: a key file that cannot be read leaves this institution free to submit once fixed.
        AgentKey key = auction.proofs ? AuctionFiles.readSecretKey(dir, institution) : null;
        List<AgentPublicKey> partyKeys = auction.proofs ? AuctionFiles.partyKeys(dir, config.size()) : null;
        AuctionFiles.claimOnce(auction.submitted(institution), institution + " has already submitted to auction "
                + auction.idText + "; start another auction with 'veil auction new --dir " + dir + "'");
        if (auction.proofs) {
            return callProved(auction, config, mine, deadline, key, partyKeys);
        }
        AuctionParticipant me = new AuctionParticipant(institution, mine, auction.grid);
        send(auction, config, deadline, () -> me.submit(config, TlsIdentity.load(dir.resolve("tls"), institution)));
        spec.commandLine().getErr().println("veil auction submit: " + institution + " sent " + mine.size()
                + " order(s) to auction " + auction.idText);
        awaitResults(auction, config, deadline, auction::publicResult);
        long[] masked = null;
        String publicLine = null;
        for (int p = 0; p < config.size(); p++) {
            String line = auction.readText(auction.publicResult(p), 1024).get(0).trim();
            if (publicLine != null && !publicLine.equals(line)) {
                throw new ProtocolAbortException(null, "the parties disagree on the public result");
            }
            publicLine = line;
            Path fill = auction.maskedFill(institution, p);
            if (Files.exists(fill)) {
                long[] v = parse(auction, fill);
                if (masked != null && !Arrays.equals(masked, v)) {
                    throw new ProtocolAbortException(null, "the parties disagree on " + institution + "'s fill");
                }
                masked = v;
            }
        }
        String[] pub = publicLine.split(" ");
        int index;
        long volume;
        try {
            index = Integer.parseInt(pub[0]);
            volume = Long.parseLong(pub[1]);
        } catch (RuntimeException e) {
            throw new MalformedInputException(auction.publicResult(0).toString(), "is not a public result");
        }
        Fill f = masked == null ? new Fill(0, 0) : me.unmask(masked);
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("auctionId", auction.idText);
            o.put("traded", volume > 0);
            o.put("price", volume > 0 ? auction.grid.price(index) : null);
            o.put("volume", volume);
            o.put("institution", institution);
            o.put("bought", f.bought);
            o.put("sold", f.sold);
            spec.commandLine().getOut().println(Json.pretty(o));
        } else {
            spec.commandLine().getOut().printf("%s%n%s: bought %d, sold %d%n",
                    volume > 0 ? "clearing price " + auction.grid.price(index) + ", volume " + volume : "no trade",
                    institution, f.bought, f.sold);
        }
        return Main.EXIT_OK;
    }

    /** How long a party that cannot be reached is given to record why it stopped. */
    private static final long RECORD_GRACE_MS = 2_000;

    /**
     * Sends this institution's input. A party that cannot be reached may have stopped because of
     * another party (it records whom it blames, in the auction's results): that record, not the
     * unreachable party, names the culprit.
     */
    private void send(AuctionFiles auction, PartiesConfig config, long deadline, Runnable submit)
            throws InterruptedException {
        try {
            submit.run();
        } catch (ProtocolAbortException e) {
            long until = Math.min(deadline, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RECORD_GRACE_MS));
            do {
                for (int p = 0; p < config.size(); p++) {
                    if (Files.exists(auction.abortRecord(p))) {
                        throw auction.readAbort(p, config.party(p).name());
                    }
                }
                Thread.sleep(50);
            } while (System.nanoTime() < until);
            throw e;
        }
    }

    /**
     * Waits, until {@code deadline}, for every party's result file, stopping at once when a
     * party has recorded an abort (it names the culprit it found; this institution takes its
     * word) or, proved mode, when this institution's order was rejected.
     *
     * @return true when this institution's order was rejected (proved mode)
     * @throws ProtocolAbortException on a recorded abort, or when time runs out: naming the one
     *                                party whose result is missing, or no one if several are
     */
    private boolean awaitResults(AuctionFiles auction, PartiesConfig config, long deadline,
                                 java.util.function.IntFunction<Path> result) throws InterruptedException {
        while (true) {
            List<Integer> missing = new ArrayList<>();
            for (int p = 0; p < config.size(); p++) {
                if (Files.exists(auction.abortRecord(p))) {
                    throw auction.readAbort(p, config.party(p).name());
                }
                if (auction.proofs && Files.exists(auction.rejection(institution, p))) {
                    return true;
                }
                if (!Files.exists(result.apply(p))) {
                    missing.add(p);
                }
            }
            if (missing.isEmpty()) {
                return false;
            }
            if (System.nanoTime() > deadline) {
                List<String> names = missing.stream().map(p -> config.party(p).name()).toList();
                throw new ProtocolAbortException(names.size() == 1 ? names.get(0) : null, "no result from "
                        + (names.size() == 1 ? "party " : "parties ") + String.join(", ", names) + " within "
                        + waitSeconds + " s");
            }
            Thread.sleep(50);
        }
    }

    /**
     * Proved mode: commits, proves and signs (orders/), shares, waits for every party's signed
     * result (or its own rejection), checks the signatures and its fill, and writes a fill proof
     * that anyone can check against the public files.
     */
    private Integer callProved(AuctionFiles auction, PartiesConfig config, List<Order> mine, long deadline,
                               AgentKey key, List<AgentPublicKey> partyKeys) throws Exception {
        AuctionParticipant me = new AuctionParticipant(institution, mine, auction.grid, auction.id, key);
        AuctionFiles.publish(auction.committedOrder(institution), me.committedOrder(), false);
        send(auction, config, deadline, () -> me.submit(config, TlsIdentity.load(dir.resolve("tls"), institution)));
        spec.commandLine().getErr().println("veil auction submit: " + institution + " committed, proved, signed and sent "
                + mine.size() + " order(s) to auction " + auction.idText);
        if (awaitResults(auction, config, deadline, auction::result)) {
            for (int p = 0; p < config.size(); p++) {
                Path rejected = auction.rejection(institution, p);
                if (Files.exists(rejected)) {
                    // Acted on only when that party signed it, for this auction and this institution.
                    Rejection why = Rejection.verify(LocalFiles.readBounded(rejected, Rejection.MAX_LENGTH), auction.id,
                            institution, partyKeys.get(p));
                    spec.commandLine().getOut().println(institution + ": order REJECTED by the compute parties — "
                            + AuctionFiles.printable(why.toString()));
                    return Main.EXIT_FAILED;
                }
            }
        }
        SignedResult signed = auction.readSignedResult(partyKeys); // every party's signature, one statement
        ResultStatement st = signed.statement();
        Fill f = me.acceptResult(signed, partyKeys); // our listing, fill within our commitment
        boolean proved = false;
        if (st.traded()) {
            FillProof proof = me.proveFill(st);
            proof.verify(signed, partyKeys, CommittedOrder.fromBytes(me.committedOrder()));
            AuctionFiles.publish(auction.fillProof(institution), proof.toBytes(), false);
            proved = true;
        }
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("auctionId", auction.idText);
            o.put("traded", st.traded());
            o.put("price", st.traded() ? st.price : null);
            o.put("volume", st.volume);
            o.put("institution", institution);
            o.put("bought", f.bought);
            o.put("sold", f.sold);
            o.put("accepted", true);
            o.put("resultVerified", true);
            o.put("fillProofVerified", proved);
            spec.commandLine().getOut().println(Json.pretty(o));
        } else {
            spec.commandLine().getOut().printf("%s%n%s: bought %d, sold %d%n%s: order accepted; signed result verified (all %d parties)%s%n",
                    st.traded() ? "clearing price " + st.price + ", volume " + st.volume : "no trade",
                    institution, f.bought, f.sold, institution, config.size(),
                    proved ? "; fill proof verified and written to " + auction.fillProof(institution) : "");
        }
        return Main.EXIT_OK;
    }

    private static long[] parse(AuctionFiles auction, Path file) {
        List<String> lines = auction.readText(file, 4096);
        if (lines.size() < 4) {
            throw new MalformedInputException(file.toString(), "expected 4 words");
        }
        long[] v = new long[4];
        for (int i = 0; i < 4; i++) {
            try {
                v[i] = Long.parseUnsignedLong(lines.get(i).trim());
            } catch (NumberFormatException e) {
                throw new MalformedInputException(file + ":" + (i + 2), "not a word");
            }
        }
        return v;
    }
}
