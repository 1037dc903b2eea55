package org.veilgrid.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.veilgrid.auction.proof.CommittedOrder;
import org.veilgrid.auction.proof.FillProof;
import org.veilgrid.auction.proof.SignedResult;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.core.io.LocalFiles;
import org.veilgrid.mpc.config.PartiesConfig;
import org.veilgrid.core.identity.AgentPublicKey;

/** {@code veil auction check-fill}: a third party checks an institution's fill proof from public files. */
@Command(name = "check-fill", mixinStandardHelpOptions = true,
        description = {"Check, as a third party, an institution's fill proof in a setup folder,",
            "from public data only: every party's signature on the result, the",
            "institution's signed committed order and signed fill proof, and that its",
            "fill lies within its committed quantity at the clearing price."})
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
        List<AgentPublicKey> partyKeys = AuctionFiles.partyKeys(dir, config.size());
        AgentPublicKey institutionKey = AuctionFiles.readPublicKey(dir, institution);
        Path proofFile = auction.fillProof(institution);
        if (!Files.exists(proofFile)) {
            throw new ParameterException("no fill proof at " + proofFile);
        }
        byte[] proofBytes = LocalFiles.readBounded(proofFile, FillProof.MAX_LENGTH);
        byte[] orderBytes = LocalFiles.readBounded(auction.committedOrder(institution), CommittedOrder.MAX_LENGTH);
        String verdict;
        boolean ok;
        FillProof proof = null;
        try {
            // Every party's signed result; the proof signed by the institution's registered key,
            // checked against its signed order and that result.
            SignedResult signed = auction.readSignedResult(partyKeys);
            proof = FillProof.fromBytes(proofBytes, institutionKey);
            proof.verify(signed, partyKeys, CommittedOrder.fromBytes(orderBytes));
            ok = true;
            verdict = "fill proof of " + institution + " verified: signed by all " + config.size()
                    + " parties; bought and sold each within the committed quantity at price " + signed.statement().price
                    + (proof.complete(0) ? "; bought = committed demand" : "")
                    + (proof.complete(1) ? "; sold = committed supply" : "");
        } catch (VerificationFailedException e) {
            ok = false;
            verdict = "fill proof of " + institution + " REJECTED: " + AuctionFiles.printable(e.getMessage());
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
