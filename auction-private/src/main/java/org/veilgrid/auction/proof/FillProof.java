package org.veilgrid.auction.proof;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import com.upokecenter.cbor.CBORObject;
import org.veilgrid.core.cbor.CborSizes;
import org.veilgrid.core.cbor.CborItems;
import org.veilgrid.core.cbor.CborProfile;
import org.veilgrid.core.cose.Signed;
import org.veilgrid.core.cose.StatementType;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.core.identity.AgentPublicKey;
import org.veilgrid.zk.bulletproofs.RangeParameters;
import org.veilgrid.zk.bulletproofs.RangeProof;
import org.veilgrid.zk.bulletproofs.RangeProver;
import org.veilgrid.zk.bulletproofs.RangeVerifier;
import org.veilgrid.zk.commit.PedersenGens;
import org.veilgrid.zk.group.RistrettoPoint;
import org.veilgrid.zk.group.Scalar;
import org.veilgrid.zk.sigma.DlogProof;

/**
 * An institution's proof, to anyone holding the signed result and its signed committed order,
 * that its fill is consistent with its committed schedule at the public clearing index k*.
 *
 * <p>From public data alone, per side σ (bought: demand, sold: supply):
 * <pre>
 *  C_r    = C_{l_0} + 2^40·C_{l_1} + 2^80·C_{l_2}     (the committed one-time mask of σ)
 *  C_fill = w_σ·B − C_r                               (w_σ = fill + r, signed by every party)
 *  C_q    = C_{demand(k*)} or C_{supply(k*)}
 * </pre>
 * Since the linking check tied the shared mask to its commitment and w_σ &lt; p, C_fill is a
 * commitment to fill_σ with blinding −γ_r, known to the institution. The proof is one 64-bit
 * aggregated range proof over (C_fill_b, C_qb − C_fill_b, C_fill_s, C_qs − C_fill_s) —
 * 0 ≤ fill ≤ committed quantity — and, for each side the institution declares filled
 * completely (fill = committed quantity, as on the short side), a Schnorr proof of log_B̃ of
 * C_q − C_fill: knowledge of its blinding, so (by binding) it commits to 0.
 *
 * <p>Encoding (version 2): a COSE_Sign1 of content type {@value #CONTENT_TYPE}, domain
 * {@value #DOMAIN}, signed by the institution (so its declaration of a complete fill is its own
 * signed word), over the deterministic CBOR array
 * <pre>
 *  [ a:         auction id, bstr (1..64 bytes),
 *    i:         institution id, tstr,
 *    h_order:   SHA-256 of its committed order's COSE_Sign1, bstr 32,
 *    h_result:  SHA-256 of the result statement's encoding ({@link ResultStatement#digest()}), bstr 32,
 *    π_range:   the range proof, bstr 800 ({@link RangeProof#fromBytes}),
 *    π_buy:     Schnorr proof that the bought side is filled completely, bstr 64 ({@link DlogProof}), or null,
 *    π_sell:    the same for the sold side, or null ]
 * </pre>
 */
public final class FillProof {
    /** The COSE content type of a fill proof. */
    public static final String CONTENT_TYPE = "application/vnd.veilgrid.auction-fill-proof+cbor";
    /** The domain every fill proof's signature covers (COSE external AAD). */
    public static final String DOMAIN = "veilgrid/auction/fill-proof/2";
    static final RangeParameters PARAMS = new RangeParameters(64, 4);
    private static final int FIELDS = 7;
    private static final int MAX_PAYLOAD = 1 + 2 * CborSizes.stringLength(AuctionItems.MAX_ID)
            + 2 * CborSizes.stringLength(AuctionItems.DIGEST_BYTES) + CborSizes.stringLength(PARAMS.proofLength())
            + 2 * CborSizes.stringLength(DlogProof.LENGTH);
    /** The fill proof statement's type. */
    public static final StatementType<Statement> TYPE = StatementType.of(CONTENT_TYPE, DOMAIN,
            new CborProfile(MAX_PAYLOAD, 1, PARAMS.proofLength(), Set.of()), FillProof::encode, FillProof::decode);
    /** The longest encoding: a bound for reading fill proof files. */
    public static final int MAX_LENGTH = Signed.length(TYPE, MAX_PAYLOAD);
    private static final Scalar LIMB_SHIFT = Scalar.ofLong(1L << OrderLayout.LIMB_BITS);

    /**
     * What the institution signs.
     *
     * @param complete per side (0 bought, 1 sold), the Schnorr proof of a complete fill, or null
     */
    public record Statement(byte[] auctionId, String institution, byte[] orderDigest, byte[] resultDigest,
                            RangeProof range, List<DlogProof> complete) {
        public Statement {
            auctionId = AuctionItems.checkAuctionId(auctionId).clone();
            AuctionItems.checkInstitution(institution);
            AuctionItems.digest(orderDigest);
            AuctionItems.digest(resultDigest);
            orderDigest = orderDigest.clone();
            resultDigest = resultDigest.clone();
            java.util.Objects.requireNonNull(range, "range");
            if (complete.size() != 2) {
                throw new ParameterException("a fill proof has one entry per side");
            }
            complete = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(complete));
        }

        @Override
        public byte[] auctionId() {
            return auctionId.clone();
        }

        @Override
        public byte[] orderDigest() {
            return orderDigest.clone();
        }

        @Override
        public byte[] resultDigest() {
            return resultDigest.clone();
        }

        @Override
        public String toString() {
            return "FillProof.Statement(" + institution + ", complete " + (complete.get(0) != null) + "/"
                    + (complete.get(1) != null) + ")";
        }
    }

    private static CBORObject encode(Statement s) {
        CBORObject out = CBORObject.NewArray()
                .Add(AuctionItems.auctionId(s.auctionId))
                .Add(s.institution)
                .Add(AuctionItems.digest(s.orderDigest))
                .Add(AuctionItems.digest(s.resultDigest))
                .Add(CBORObject.FromObject(s.range.toBytes()));
        for (DlogProof p : s.complete) {
            out.Add(p == null ? CBORObject.Null : CBORObject.FromObject(p.toBytes()));
        }
        return out;
    }

    private static Statement decode(CBORObject item) {
        CborItems.array(item, FIELDS, "fill proof");
        byte[] auctionId = AuctionItems.auctionId(item.get(0), "fill proof.auctionId");
        String institution = AuctionItems.institution(item.get(1), "fill proof.institution");
        byte[] order = AuctionItems.digest(item.get(2), "fill proof.orderDigest");
        byte[] result = AuctionItems.digest(item.get(3), "fill proof.resultDigest");
        RangeProof range;
        try {
            range = RangeProof.fromBytes(CborItems.bytes(item.get(4), PARAMS.proofLength(), "fill proof.range"));
        } catch (MalformedInputException e) {
            throw new MalformedInputException("fill proof.range", e.getMessage(), e);
        }
        DlogProof[] complete = new DlogProof[2];
        for (int side = 0; side < 2; side++) {
            CBORObject p = item.get(5 + side);
            String field = "fill proof.complete" + (side == 0 ? "Buy" : "Sell");
            if (p.isNull() && !p.isTagged()) {
                continue;
            }
            try {
                complete[side] = DlogProof.fromBytes(CborItems.bytes(p, DlogProof.LENGTH, field));
            } catch (MalformedInputException e) {
                throw new MalformedInputException(field, e.getMessage() + " (expected a Schnorr proof or null)", e);
            }
        }
        return new Statement(auctionId, institution, order, result, range, Arrays.asList(complete));
    }

    private final Signed<Statement> signed;

    private FillProof(Signed<Statement> signed) {
        this.signed = signed;
    }

    /** The signed statement. */
    public Statement statement() {
        return signed.statement();
    }

    /** Whether the prover declares side 0 (bought) or 1 (sold) filled completely. */
    public boolean complete(int side) {
        return statement().complete().get(side) != null;
    }

    /**
     * Proves the institution's fill against the result (which it has verified) and signs the proof.
     *
     * @throws ParameterException if nothing traded or the order is not in the result
     * @throws ProtocolAbortException if the unmasked fill is not in [0, committed quantity]: the
     *         parties' result contradicts the committed order
     */
    public static FillProof prove(ProvedOrder order, ResultStatement result, AgentKey institutionKey,
                                  SecureRandom rng) {
        long[] fills = unmask(order, result);
        int k = result.priceIndex;
        long[] values = new long[4];
        Scalar[] blindings = new Scalar[4];
        DlogProof[] dl = new DlogProof[2];
        for (int side = 0; side < 2; side++) {
            long q = order.quantity(side, k);
            Scalar gr = order.maskBlinding(side);
            Scalar gq = order.quantityBlinding(side, k);
            values[2 * side] = fills[side];
            blindings[2 * side] = gr.negate();
            values[2 * side + 1] = q - fills[side];
            blindings[2 * side + 1] = gq.add(gr);
            if (values[2 * side + 1] == 0) {
                dl[side] = DlogProof.prove(PedersenGens.standard().h(), gq.add(gr), rng);
            }
        }
        RangeProof proof = RangeProver.prove(PARAMS, values, blindings, rng).proof();
        Arrays.fill(values, 0);
        CommittedOrder co = order.committed();
        Statement st = new Statement(co.auctionId, co.institution, co.digest(), result.digest(), proof,
                Arrays.asList(dl));
        return new FillProof(Signed.sign(st, TYPE, institutionKey));
    }

    /**
     * The institution's fill {bought, sold}: w − r per side, checked to lie in [0, committed
     * quantity at k*].
     *
     * @throws ParameterException if nothing traded
     * @throws VerificationFailedException if the result does not list this committed order
     * @throws ProtocolAbortException if a fill is outside [0, committed quantity]
     */
    public static long[] unmask(ProvedOrder order, ResultStatement result) {
        ResultStatement.Entry e = entry(result, order.committed());
        long[] out = new long[2];
        for (int side = 0; side < 2; side++) {
            BigInteger w = side == 0 ? e.maskedBought() : e.maskedSold();
            BigInteger fill = w.subtract(order.mask(side));
            long q = order.quantity(side, result.priceIndex);
            if (fill.signum() < 0 || fill.compareTo(BigInteger.valueOf(q)) > 0) {
                throw new ProtocolAbortException(null, "the result's " + (side == 0 ? "bought" : "sold")
                        + " fill for " + order.committed().institution() + " is not within its committed quantity");
            }
            out[side] = fill.longValueExact();
        }
        return out;
    }

    private static ResultStatement.Entry entry(ResultStatement result, CommittedOrder order) {
        if (!result.traded()) {
            throw new ParameterException("nothing traded: there is no fill to prove");
        }
        ResultStatement.Entry e = result.accepted().get(order.institution());
        if (e == null || !MessageDigest.isEqual(e.orderDigest(), order.digest())) {
            throw new VerificationFailedException("the result does not list this committed order of "
                    + order.institution());
        }
        if (!Arrays.equals(result.auctionId, order.auctionId)
                || !MessageDigest.isEqual(result.gridDigest, order.gridDigest)
                || result.priceIndex >= order.layout.pricePoints()) {
            throw new VerificationFailedException("the result and the committed order are for different auctions");
        }
        return e;
    }

    /**
     * Checks the proof from public data only: the result signed by every party, the committed
     * order signed by the same key as this proof, both named by this proof, and the proofs.
     *
     * @param result    the signed result (verified when read)
     * @param partyKeys the compute parties' keys, party 0 first
     * @param order     the institution's committed order (its signature verified when read)
     * @throws VerificationFailedException if any signer, link or proof fails
     */
    public void verify(SignedResult result, List<AgentPublicKey> partyKeys, CommittedOrder order) {
        result.requireSignedBy(partyKeys);
        Statement s = statement();
        if (!order.institutionKey().equals(signed.signer())) {
            throw new VerificationFailedException("the committed order of " + order.institution()
                    + " is not signed by the key that signed the fill proof");
        }
        ResultStatement st = result.statement();
        if (!s.institution().equals(order.institution()) || !Arrays.equals(s.auctionId, order.auctionId)
                || !MessageDigest.isEqual(s.orderDigest, order.digest())) {
            throw new VerificationFailedException("the fill proof is not for this committed order of "
                    + order.institution());
        }
        if (!MessageDigest.isEqual(s.resultDigest, st.digest())) {
            throw new VerificationFailedException("the fill proof of " + order.institution() + " answers another result");
        }
        ResultStatement.Entry e = entry(st, order);
        PedersenGens pg = PedersenGens.standard();
        OrderLayout layout = order.layout;
        RistrettoPoint[] v = new RistrettoPoint[4];
        RistrettoPoint[] rest = new RistrettoPoint[2];
        for (int side = 0; side < 2; side++) {
            RistrettoPoint cr = RistrettoPoint.IDENTITY;
            for (int j = OrderLayout.MASK_LIMBS - 1; j >= 0; j--) {
                cr = cr.mulVartime(LIMB_SHIFT).add(order.commitments[layout.maskLimb(side, j)]);
            }
            BigInteger w = side == 0 ? e.maskedBought() : e.maskedSold();
            RistrettoPoint fill = pg.g().mulVartime(Scalar.of(w)).sub(cr);
            RistrettoPoint q = order.commitments[side == 0 ? layout.demand(st.priceIndex) : layout.supply(st.priceIndex)];
            v[2 * side] = fill;
            v[2 * side + 1] = q.sub(fill);
            rest[side] = v[2 * side + 1];
        }
        RangeVerifier.verify(PARAMS, v, s.range());
        for (int side = 0; side < 2; side++) {
            if (complete(side)) {
                s.complete().get(side).verify(pg.h(), rest[side]);
            }
        }
    }

    /** The COSE_Sign1 encoding, as written to files. */
    public byte[] toBytes() {
        return signed.encoded();
    }

    /**
     * Reads a fill proof and verifies the signature of {@code institutionKey} (the institution's
     * registered key); the proof itself: {@link #verify}.
     *
     * @throws MalformedInputException if the bytes are not a version-2 fill proof (a version-1
     *         file is named as such) or a proof element is malformed
     * @throws VerificationFailedException if it is another kind of statement or not signed by
     *         {@code institutionKey}
     */
    public static FillProof fromBytes(byte[] b, AgentPublicKey institutionKey) {
        return new FillProof(AuctionItems.verify(b, TYPE, institutionKey, "fill proof", "VGFP"));
    }

    @Override
    public String toString() {
        return "FillProof(" + statement().institution() + ", complete " + complete(0) + "/" + complete(1) + ")";
    }
}
