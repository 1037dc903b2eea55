package org.veilgrid.auction.proof;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import com.upokecenter.cbor.CBORObject;
import org.veilgrid.auction.PriceGrid;
import org.veilgrid.core.cbor.CborSizes;
import org.veilgrid.core.cbor.CborItems;
import org.veilgrid.core.cbor.CborProfile;
import org.veilgrid.core.cose.Signed;
import org.veilgrid.core.cose.StatementType;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.core.identity.AgentPublicKey;
import org.veilgrid.zk.bulletproofs.RangeParameters;
import org.veilgrid.zk.bulletproofs.RangeProof;
import org.veilgrid.zk.bulletproofs.RangeVerifier;
import org.veilgrid.zk.cbor.ZkItems;
import org.veilgrid.zk.group.RistrettoPoint;

/**
 * An institution's committed order: Pedersen commitments C_i = x_i·B + γ_i·B̃ to every value it
 * secret-shares ({@link OrderLayout}), the aggregated range proofs that its schedules are
 * monotone and in [0, 2^40] and its mask limbs in [0, 2^40], signed by the institution. Public:
 * it reveals nothing about the values (Pedersen is perfectly hiding, the proofs are
 * zero-knowledge).
 *
 * <p>Encoding (version 2): a COSE_Sign1 of content type {@value #CONTENT_TYPE}, domain
 * {@value #DOMAIN}, signed by the institution, over the deterministic CBOR array
 * <pre>
 *  [ a:     auction id, bstr (1..64 bytes),
 *    i:     institution id, tstr (1..64 of [A-Za-z0-9._-]),
 *    h_G:   grid digest, bstr 32 ({@link Digests#grid}),
 *    K:     price points, uint (1..4096),
 *    C:     [C_0, …, C_{L−1}], L = 2K + 8 canonical Ristretto255 points, bstr 32 each,
 *    π:     [π_0, …, π_{m−1}], the range proofs chunk by chunk ({@link OrderLayout#chunks()}),
 *           each a bstr of the length its chunk fixes, read by {@link RangeProof#fromBytes},
 *    pk_i:  the institution's Ed25519 public key, bstr 32 ]
 * </pre>
 * A {@code CommittedOrder} exists only with a verified signature of the key it names
 * ({@link #fromBytes}); whether that is the institution's registered key is the parties' check
 * ({@link OrderChecks}). {@link #digest()} (SHA-256 of the COSE_Sign1 bytes) names the order in
 * the signed result.
 */
public final class CommittedOrder {
    /** The COSE content type of a committed order. */
    public static final String CONTENT_TYPE = "application/vnd.veilgrid.auction-committed-order+cbor";
    /** The domain every committed order's signature covers (COSE external AAD). */
    public static final String DOMAIN = "veilgrid/auction/committed-order/2";
    private static final int FIELDS = 7;
    /** The committed order statement's type. */
    public static final StatementType<CommittedOrder> TYPE = StatementType.of(CONTENT_TYPE, DOMAIN,
            profile(), CommittedOrder::encode, CommittedOrder::decode);
    /** The longest encoding (K = 4096): a bound for reading order files. */
    public static final int MAX_LENGTH = Signed.length(TYPE, payloadLength(OrderLayout.MAX_POINTS,
            AuctionItems.MAX_ID, AuctionItems.MAX_ID));

    final byte[] auctionId;
    final String institution;
    final byte[] gridDigest;
    final OrderLayout layout;
    final RistrettoPoint[] commitments;
    final List<RangeProof> proofs;
    final AgentPublicKey institutionKey;
    /** The COSE_Sign1 bytes, set once signed or read. */
    private byte[] encoded;

    private CommittedOrder(byte[] auctionId, String institution, byte[] gridDigest, OrderLayout layout,
                           RistrettoPoint[] commitments, List<RangeProof> proofs, AgentPublicKey institutionKey) {
        this.auctionId = AuctionItems.checkAuctionId(auctionId).clone();
        this.institution = AuctionItems.checkInstitution(institution);
        if (gridDigest == null || gridDigest.length != AuctionItems.DIGEST_BYTES) {
            throw new ParameterException("a grid digest has " + AuctionItems.DIGEST_BYTES + " bytes");
        }
        this.gridDigest = gridDigest.clone();
        this.layout = layout;
        if (commitments.length != layout.committedValues() || proofs.size() != layout.chunks().size()) {
            throw new ParameterException("K = " + layout.pricePoints() + " needs " + layout.committedValues()
                    + " commitments and " + layout.chunks().size() + " range proofs");
        }
        this.commitments = commitments.clone();
        this.proofs = List.copyOf(proofs);
        this.institutionKey = java.util.Objects.requireNonNull(institutionKey, "institutionKey");
    }

    /** The encoded length of a statement with K price points and ids of these lengths. */
    static int payloadLength(int k, int auctionIdBytes, int institutionBytes) {
        OrderLayout l = new OrderLayout(k);
        int proofs = 0;
        for (RangeParameters p : l.chunks()) {
            proofs += CborSizes.stringLength(p.proofLength());
        }
        return 1 + CborSizes.stringLength(auctionIdBytes) + CborSizes.stringLength(institutionBytes)
                + CborSizes.stringLength(AuctionItems.DIGEST_BYTES) + CborSizes.integerLength(k)
                + CborSizes.headLength(l.committedValues())
                + l.committedValues() * CborSizes.stringLength(ZkItems.ELEMENT_BYTES)
                + CborSizes.headLength(l.chunks().size()) + proofs
                + CborSizes.stringLength(AgentPublicKey.BYTES);
    }

    private static CborProfile profile() {
        OrderLayout largest = new OrderLayout(OrderLayout.MAX_POINTS);
        int longestProof = new RangeParameters(64, OrderLayout.CHUNK).proofLength();
        return new CborProfile(payloadLength(OrderLayout.MAX_POINTS, AuctionItems.MAX_ID, AuctionItems.MAX_ID), 2,
                Math.max(largest.committedValues(), longestProof), Set.of());
    }

    /** Builds and signs (the institution's side, {@link ProvedOrder}). */
    static CommittedOrder sign(byte[] auctionId, String institution, byte[] gridDigest, OrderLayout layout,
                               RistrettoPoint[] commitments, List<RangeProof> proofs, AgentKey key) {
        CommittedOrder o = new CommittedOrder(auctionId, institution, gridDigest, layout, commitments, proofs,
                key.publicKey());
        o.encoded = Signed.sign(o, TYPE, key).encoded();
        return o;
    }

    private static CBORObject encode(CommittedOrder o) {
        CBORObject c = CBORObject.NewArray();
        for (RistrettoPoint p : o.commitments) {
            c.Add(ZkItems.point(p));
        }
        CBORObject pi = CBORObject.NewArray();
        for (RangeProof p : o.proofs) {
            pi.Add(CBORObject.FromObject(p.toBytes()));
        }
        return CBORObject.NewArray()
                .Add(AuctionItems.auctionId(o.auctionId))
                .Add(o.institution)
                .Add(CBORObject.FromObject(o.gridDigest))
                .Add(o.layout.pricePoints())
                .Add(c)
                .Add(pi)
                .Add(o.institutionKey.toCbor());
    }

    private static CommittedOrder decode(CBORObject item) {
        CborItems.array(item, FIELDS, "committed order");
        byte[] auctionId = AuctionItems.auctionId(item.get(0), "committed order.auctionId");
        String institution = AuctionItems.institution(item.get(1), "committed order.institution");
        byte[] grid = AuctionItems.digest(item.get(2), "committed order.gridDigest");
        int k = (int) CborItems.integer(item.get(3), 1, OrderLayout.MAX_POINTS, "committed order.K (price points)");
        OrderLayout layout = new OrderLayout(k);
        CBORObject cs = CborItems.array(item.get(4), layout.committedValues(), "committed order.commitments");
        RistrettoPoint[] c = new RistrettoPoint[layout.committedValues()];
        for (int i = 0; i < c.length; i++) {
            c[i] = ZkItems.point(cs.get(i), "committed order.commitment[" + i + "]");
        }
        List<RangeParameters> chunks = layout.chunks();
        CBORObject ps = CborItems.array(item.get(5), chunks.size(), "committed order.rangeProofs");
        List<RangeProof> proofs = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            String field = "committed order.rangeProof[" + i + "]";
            byte[] pb = CborItems.bytes(ps.get(i), chunks.get(i).proofLength(), field);
            try {
                proofs.add(RangeProof.fromBytes(pb));
            } catch (MalformedInputException e) {
                throw new MalformedInputException(field, e.getMessage(), e);
            }
        }
        AgentPublicKey key = AgentPublicKey.fromCbor(item.get(6), "committed order.institutionKey");
        return new CommittedOrder(auctionId, institution, grid, layout, c, proofs, key);
    }

    /**
     * Reads a committed order and verifies the signature of the institution key it names
     * (whether that key is the registered one: {@link OrderChecks}; the proofs: ibid.).
     *
     * @throws MalformedInputException if the bytes are not a version-2 committed order (a
     *         version-1 file is named as such), or a field is out of range or non-canonical
     * @throws VerificationFailedException if it is another kind of statement or its signature
     *         does not verify under the key it names
     */
    public static CommittedOrder fromBytes(byte[] b) {
        Signed<CommittedOrder> s = AuctionItems.verifySelfNamed(b, TYPE, o -> o.institutionKey, "committed order",
                "VGCO");
        CommittedOrder o = s.statement();
        o.encoded = b.clone();
        return o;
    }

    /** The COSE_Sign1 encoding, as published. */
    public byte[] toBytes() {
        return encoded.clone();
    }

    /** SHA-256 of the encoding: how the signed result (and a fill proof) name this order. */
    public byte[] digest() {
        return AuctionItems.sha256(encoded);
    }

    public String institution() {
        return institution;
    }

    public byte[] auctionId() {
        return auctionId.clone();
    }

    public int pricePoints() {
        return layout.pricePoints();
    }

    /** The key that signed this order (verified). */
    public AgentPublicKey institutionKey() {
        return institutionKey;
    }

    /** Commitment to value i of {@link OrderLayout}. */
    public RistrettoPoint commitment(int i) {
        return commitments[i];
    }

    /** Whether the grid digest matches {@code grid}. */
    boolean forGrid(PriceGrid grid) {
        return MessageDigest.isEqual(gridDigest, Digests.grid(grid));
    }

    /** The range statements of this order, for (batch) verification. */
    List<RangeVerifier.Statement> rangeStatements() {
        List<RistrettoPoint[]> cs = layout.rangeCommitments(commitments);
        List<RangeParameters> ps = layout.chunks();
        List<RangeVerifier.Statement> out = new ArrayList<>();
        for (int i = 0; i < ps.size(); i++) {
            out.add(new RangeVerifier.Statement(ps.get(i), cs.get(i), proofs.get(i)));
        }
        return out;
    }

    @Override
    public String toString() {
        return "CommittedOrder(" + institution + ", K = " + layout.pricePoints() + ", digest "
                + HexFormat.of().formatHex(digest(), 0, 8) + ")";
    }
}
