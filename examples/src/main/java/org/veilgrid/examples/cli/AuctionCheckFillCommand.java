package org.veilgrid.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.veilgrid.auction.proof.CommittedOrder;
import org.veilgrid.auction.proof.FillProof;
import org.veilgrid.auction.proof.ResultStatement;
import org.veilgrid.auction.proof.SignedResult;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.core.io.LocalFiles;
import org.veilgrid.mpc.config.PartiesConfig;
import org.veilgrid.zk.promise.AgentKeys;

/** {@code veil auction check-fill}: a third party checks an institution's fill proof from public files. */
@Command(name = "check-fill", mixinStandardHelpOptions = true,
        description = {"Check, as a third party, an institution's fill proof in a setup folder,",
            "from public data only: every party's signature on the result, the",
            "institution's signed committed order, and that its fill lies within its",
            "committed quantity at the clearing price."})
public final class AuctionCheckFillCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, description = "Folder made by 'veil auction setup' after the auction.")
    Path dir;

    @Option(names = "--institution", required = true, description = "Whose fill proof to check.")
    String institution;

    @Option(names = "--auction-id", description = "Which auction of the folder (default: the current one).")
    String auctionId;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        AuctionFiles auction = AuctionFiles.read(dir, auctionId);
        if (!auction.proofs || !auction.institutions.contains(institution)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), auction.proofs
                    ? institution + " is not an institution of this auction" : "this auction ran without proofs");
        }
        PartiesConfig config = PartiesConfig.load(dir.resolve("parties.json"));
        byte[][] partyKeys = new byte[config.size()][];
        byte[][] sigs = new byte[config.size()][];
        ResultStatement st = null;
        for (int p = 0; p < config.size(); p++) {
            partyKeys[p] = AuctionFiles.readKey(AuctionFiles.pub(dir, AuctionFiles.party(p)), AgentKeys.PUBLIC_LENGTH);
            sigs[p] = AuctionFiles.readKey(auction.signature(p), AgentKeys.SIGNATURE_LENGTH);
            ResultStatement s = ResultStatement.fromBytes(LocalFiles.readBounded(auction.statement(p), 1 << 22));
            if (!java.util.Arrays.equals(s.auctionId, auction.id)) {
                throw new org.veilgrid.core.errors.MalformedInputException(auction.statement(p).toString(),
                        "is the result of another auction");
            }
            if (st != null && !st.equals(s)) {
                throw new ParameterException("the parties' statements differ");
            }
            st = s;
        }
        Path proofFile = auction.fillProof(institution);
        if (!Files.exists(proofFile)) {
            throw new ParameterException("no fill proof at " + proofFile);
        }
        String verdict;
        boolean ok;
        FillProof proof = FillProof.fromBytes(LocalFiles.readBounded(proofFile, 1 << 16));
        try {
            proof.verify(new SignedResult(st, sigs), partyKeys,
                    CommittedOrder.fromBytes(LocalFiles.readBounded(auction.committedOrder(institution),
                            CommittedOrder.MAX_LENGTH)),
                    AuctionFiles.readKey(AuctionFiles.pub(dir, institution), AgentKeys.PUBLIC_LENGTH));
            ok = true;
            verdict = "fill proof of " + institution + " verified: signed by all " + config.size()
                    + " parties; bought and sold each within the committed quantity at price " + st.price
                    + (proof.complete(0) ? "; bought = committed demand" : "")
                    + (proof.complete(1) ? "; sold = committed supply" : "");
        } catch (VerificationFailedException e) {
            ok = false;
            verdict = "fill proof of " + institution + " REJECTED: " + e.getMessage();
        }
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("institution", institution);
            m.put("verified", ok);
            m.put("boughtComplete", ok && proof.complete(0));
            m.put("soldComplete", ok && proof.complete(1));
            m.put("message", verdict);
            spec.commandLine().getOut().println(Json.pretty(m));
        } else {
            spec.commandLine().getOut().println(verdict);
        }
        return ok ? Main.EXIT_OK : Main.EXIT_FAILED;
    }
}
