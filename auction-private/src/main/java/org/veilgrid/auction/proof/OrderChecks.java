package org.veilgrid.auction.proof;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.veilgrid.auction.PriceGrid;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.VeilException;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.core.identity.AgentPublicKey;
import org.veilgrid.zk.bulletproofs.RangeVerifier;

/**
 * What each compute party checks of the committed orders before clearing: form (decoding) and
 * the signature of the key the order names, context (auction id, institution id, grid digest),
 * that the key is the institution's registered Ed25519 key, and the range proofs — all institutions' proofs in one batch
 * ({@link RangeVerifier#verifyBatch}); only if the batch fails is each institution's batch
 * verified alone, to find the culprits. An order failing any check is rejected and its owner
 * excluded from the auction (the rest clear without it); the {@link Rejection} names the check.
 */
public final class OrderChecks {
    /** Accepted orders by institution, and rejections by institution (for their owners only). */
    public record Outcome(Map<String, CommittedOrder> accepted, Map<String, Rejection> rejected) {
    }

    private OrderChecks() {
    }

    /**
     * @param encoded  each institution's committed order as received (null if none arrived)
     * @param keys     each institution's registered Ed25519 public key
     */
    public static Outcome check(byte[] auctionId, PriceGrid grid, Map<String, byte[]> encoded,
                                Map<String, AgentPublicKey> keys) {
        Map<String, CommittedOrder> ok = new TreeMap<>();
        Map<String, Rejection> rejected = new TreeMap<>();
        for (Map.Entry<String, byte[]> e : encoded.entrySet()) {
            String inst = e.getKey();
            CommittedOrder o;
            if (e.getValue() == null) {
                rejected.put(inst, new Rejection(Rejection.Reason.MALFORMED, "no committed order arrived"));
                continue;
            }
            try {
                o = CommittedOrder.fromBytes(e.getValue());
            } catch (MalformedInputException ex) {
                rejected.put(inst, new Rejection(Rejection.Reason.MALFORMED, ex.getMessage()));
                continue;
            } catch (VerificationFailedException ex) {
                rejected.put(inst, new Rejection(Rejection.Reason.BAD_SIGNATURE, ex.getMessage()));
                continue;
            } catch (VeilException ex) {
                rejected.put(inst, new Rejection(Rejection.Reason.MALFORMED, ex.getMessage()));
                continue;
            }
            if (!Arrays.equals(o.auctionId, auctionId)) {
                rejected.put(inst, new Rejection(Rejection.Reason.WRONG_CONTEXT, "the order is for another auction"));
            } else if (!o.institution.equals(inst)) {
                rejected.put(inst, new Rejection(Rejection.Reason.WRONG_CONTEXT, "the order names institution "
                        + o.institution));
            } else if (!o.forGrid(grid) || o.layout.pricePoints() != grid.size()) {
                rejected.put(inst, new Rejection(Rejection.Reason.WRONG_CONTEXT, "the order is for another price grid"));
            } else if (keys.get(inst) == null || !keys.get(inst).equals(o.institutionKey)) {
                rejected.put(inst, new Rejection(Rejection.Reason.BAD_SIGNATURE,
                        "the order is not signed with the institution's registered key"));
            } else {
                ok.put(inst, o);
            }
        }
        List<RangeVerifier.Statement> all = new ArrayList<>();
        for (CommittedOrder o : ok.values()) {
            all.addAll(o.rangeStatements());
        }
        boolean batchOk;
        try {
            RangeVerifier.verifyBatch(all);
            batchOk = true;
        } catch (VerificationFailedException ex) {
            batchOk = false;
        }
        if (!batchOk) {
            for (CommittedOrder o : List.copyOf(ok.values())) {
                try {
                    RangeVerifier.verifyBatch(o.rangeStatements());
                } catch (VerificationFailedException ex) {
                    ok.remove(o.institution);
                    rejected.put(o.institution, new Rejection(Rejection.Reason.RANGE_PROOF,
                            "a range proof fails: a schedule is not monotone or a value lies outside [0, 2^40]"));
                }
            }
        }
        return new Outcome(ok, rejected);
    }
}
