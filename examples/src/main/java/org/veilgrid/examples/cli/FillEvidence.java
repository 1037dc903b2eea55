package org.veilgrid.examples.cli;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.veilgrid.auction.AuctionInstitution;
import org.veilgrid.auction.AuctionTerms;
import org.veilgrid.auction.proof.CommittedOrder;
import org.veilgrid.auction.proof.FillProof;
import org.veilgrid.auction.proof.ResultStatement;
import org.veilgrid.auction.proof.SignedResult;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.identity.AgentPublicKey;
import org.veilgrid.core.io.LocalFiles;

/**
 * What an institution hands a third party so that it can check the institution's fill from
 * public data alone ({@code veil auction check-fill}): a folder of COSE_Sign1 files —
 * {@code committed-order.cose} (its signed order), {@code result.<party>.cose} (each party's
 * signed result) and {@code fill-proof.cose} (its signed fill proof).
 */
final class FillEvidence {
    static final String ORDER = "committed-order.cose";
    static final String PROOF = "fill-proof.cose";

    private FillEvidence() {
    }

    static Path result(Path folder, String party) {
        return folder.resolve("result." + party + ".cose");
    }

    /** Writes an accepted institution's evidence (its fill proof only when it traded). */
    static void write(Path folder, AuctionInstitution.Result r, List<String> partyNames) {
        AuctionFiles.publish(folder.resolve(ORDER), r.committedOrder(), false);
        for (int i = 0; i < partyNames.size(); i++) {
            AuctionFiles.publish(result(folder, partyNames.get(i)), r.published().get(i), false);
        }
        if (r.fillProof() != null) {
            AuctionFiles.publish(folder.resolve(PROOF), r.fillProof().toBytes(), false);
        }
    }

    /**
     * Checks the evidence in {@code folder} as a third party: every party signed the same result
     * of this auction, the proof is signed by the institution's registered key, and the fill lies
     * within the signed order at the clearing price.
     *
     * @return the checked proof and the result it is about
     * @throws MalformedInputException if a file is missing or malformed, or the result is another auction's
     * @throws org.veilgrid.core.errors.VerificationFailedException if a signature or the proof fails
     */
    static Checked check(Path folder, AuctionTerms terms, List<String> partyNames, List<AgentPublicKey> partyKeys,
                         AgentPublicKey institutionKey) {
        List<byte[]> results = new ArrayList<>();
        for (String p : partyNames) {
            results.add(LocalFiles.readBounded(result(folder, p), ResultStatement.MAX_LENGTH));
        }
        byte[] proofBytes = LocalFiles.readBounded(folder.resolve(PROOF), FillProof.MAX_LENGTH);
        byte[] orderBytes = LocalFiles.readBounded(folder.resolve(ORDER), CommittedOrder.MAX_LENGTH);
        SignedResult signed = SignedResult.verify(results, partyKeys);
        if (!MessageDigest.isEqual(signed.statement().auctionId, terms.idBytes())) {
            throw new MalformedInputException(result(folder, partyNames.get(0)).toString(),
                    "is the result of another auction, not " + terms.id());
        }
        FillProof proof = FillProof.fromBytes(proofBytes, institutionKey);
        proof.verify(signed, partyKeys, CommittedOrder.fromBytes(orderBytes));
        return new Checked(proof, signed.statement());
    }

    record Checked(FillProof proof, ResultStatement result) {
    }
}
