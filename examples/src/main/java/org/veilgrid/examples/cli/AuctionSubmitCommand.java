package org.veilgrid.examples.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.veilgrid.auction.AuctionParticipant;
import org.veilgrid.auction.Fill;
import org.veilgrid.auction.Order;
import org.veilgrid.auction.proof.CommittedOrder;
import org.veilgrid.auction.proof.FillProof;
import org.veilgrid.auction.proof.ResultStatement;
import org.veilgrid.auction.proof.SignedResult;
import org.veilgrid.zk.promise.AgentKeys;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.core.io.LocalFiles;
import org.veilgrid.core.tls.TlsIdentity;
import org.veilgrid.mpc.config.PartiesConfig;

/** {@code veil auction submit}: an institution sends its orders and learns its own fill. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = {"Send one institution's orders (its rows of a CSV book) to the compute parties of a",
            "setup folder, wait for the result, and print the public result and this institution's fill."})
public final class AuctionSubmitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, description = "Folder made by 'veil auction setup'.")
    Path dir;

    @Option(names = "--institution", required = true, description = "This institution's id.")
    String institution;

    @Option(names = "--orders", required = true, description = "CSV book; only this institution's rows are used.")
    Path orders;

    @Option(names = "--wait-seconds", defaultValue = "120", description = "How long to wait for the result (default ${DEFAULT-VALUE}).")
    int waitSeconds;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        AuctionFiles auction = AuctionFiles.read(dir);
        if (!auction.institutions.contains(institution)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), institution + " is not an institution of this auction");
        }
        List<Order> mine = AuctionViews.readOrders(orders).stream().filter(o -> o.institution.equals(institution)).toList();
        PartiesConfig config = PartiesConfig.load(dir.resolve("parties.json"));
        if (auction.proofs) {
            return callProved(auction, config, mine);
        }
        AuctionParticipant me = new AuctionParticipant(institution, mine, auction.grid);
        me.submit(config, TlsIdentity.load(dir.resolve("tls"), institution));
        spec.commandLine().getErr().println("veil auction submit: " + institution + " sent " + mine.size() + " order(s)");
        long[] masked = null;
        String publicLine = null;
        for (int p = 0; p < config.size(); p++) {
            if (!AuctionFiles.await(AuctionFiles.publicResult(dir, p), waitSeconds)) {
                throw new ProtocolAbortException(config.party(p).name(), "no result from party " + p + " within " + waitSeconds + " s");
            }
            String line = new String(LocalFiles.readBounded(AuctionFiles.publicResult(dir, p), 1024), StandardCharsets.UTF_8).trim();
            if (publicLine != null && !publicLine.equals(line)) {
                throw new ProtocolAbortException(config.party(p).name(), "the parties disagree on the public result");
            }
            publicLine = line;
            Path fill = AuctionFiles.maskedFill(dir, institution, p);
            if (java.nio.file.Files.exists(fill)) {
                long[] v = parse(fill);
                if (masked != null && !Arrays.equals(masked, v)) {
                    throw new ProtocolAbortException(config.party(p).name(), "the parties disagree on " + institution + "'s fill");
                }
                masked = v;
            }
        }
        String[] pub = publicLine.split(" ");
        int index = Integer.parseInt(pub[0]);
        long volume = Long.parseLong(pub[1]);
        Fill f = masked == null ? new Fill(0, 0) : me.unmask(masked);
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
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

    /**
     * Proved mode: commits, proves and signs (orders/), shares, waits for every party's signed
     * result (or its own rejection), checks the signatures and its fill, and writes a fill proof
     * that anyone can check against the public files.
     */
    private Integer callProved(AuctionFiles auction, PartiesConfig config, List<Order> mine) throws Exception {
        AgentKeys key = AgentKeys.fromSeed(AuctionFiles.readKey(AuctionFiles.seed(dir, institution), 32));
        AuctionParticipant me = new AuctionParticipant(institution, mine, auction.grid, auction.id, key);
        AuctionFiles.publish(AuctionFiles.committedOrder(dir, institution), me.committedOrder(), false);
        me.submit(config, TlsIdentity.load(dir.resolve("tls"), institution));
        spec.commandLine().getErr().println("veil auction submit: " + institution + " committed, proved, signed and sent "
                + mine.size() + " order(s)");
        byte[][] partyKeys = new byte[config.size()][];
        byte[][] sigs = new byte[config.size()][];
        ResultStatement st = null;
        for (int p = 0; p < config.size(); p++) {
            partyKeys[p] = AuctionFiles.readKey(AuctionFiles.pub(dir, AuctionFiles.party(p)), AgentKeys.PUBLIC_LENGTH);
            if (!AuctionFiles.await(AuctionFiles.statement(dir, p), waitSeconds)) {
                throw new ProtocolAbortException(config.party(p).name(), "no result from party " + p + " within " + waitSeconds + " s");
            }
            Path rejected = AuctionFiles.rejection(dir, institution, p);
            if (java.nio.file.Files.exists(rejected)) {
                String why = new String(LocalFiles.readBounded(rejected, 4096), StandardCharsets.UTF_8).trim();
                spec.commandLine().getOut().println(institution + ": order REJECTED by the compute parties — " + why);
                return Main.EXIT_FAILED;
            }
            ResultStatement s = ResultStatement.fromBytes(LocalFiles.readBounded(AuctionFiles.statement(dir, p), 1 << 22));
            if (st != null && !st.equals(s)) {
                throw new ProtocolAbortException(config.party(p).name(), "the parties disagree on the signed result");
            }
            st = s;
            sigs[p] = AuctionFiles.readKey(AuctionFiles.signature(dir, p), AgentKeys.SIGNATURE_LENGTH);
        }
        SignedResult signed = new SignedResult(st, sigs);
        Fill f = me.acceptResult(signed, partyKeys); // every signature, our listing, fill within our commitment
        boolean proved = false;
        if (st.traded()) {
            FillProof proof = me.proveFill(st);
            proof.verify(signed, partyKeys, CommittedOrder.fromBytes(me.committedOrder()), key.publicKey());
            AuctionFiles.publish(AuctionFiles.fillProof(dir, institution), proof.toBytes(), false);
            proved = true;
        }
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
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
                    proved ? "; fill proof verified and written to " + AuctionFiles.fillProof(dir, institution) : "");
        }
        return Main.EXIT_OK;
    }

    private static long[] parse(Path file) {
        String[] lines = new String(LocalFiles.readBounded(file, 4096), StandardCharsets.UTF_8).trim().split("\n");
        if (lines.length != 4) {
            throw new MalformedInputException(file.toString(), "expected 4 words");
        }
        long[] v = new long[4];
        for (int i = 0; i < 4; i++) {
            try {
                v[i] = Long.parseUnsignedLong(lines[i].trim());
            } catch (NumberFormatException e) {
                throw new MalformedInputException(file + ":" + (i + 1), "not a word");
            }
        }
        return v;
    }
}
