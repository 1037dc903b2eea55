package org.veilgrid.auction.proof;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.core.errors.VerificationFailedException;
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
 * <p>Encoding: "VGFP" ‖ 0x01 ‖ u8 flags (bit 0: bought complete, bit 1: sold complete) ‖
 * range proof (800 bytes) ‖ one 64-byte Schnorr proof per set flag, bought first.
 */
public final class FillProof {
    static final byte[] MAGIC = {'V', 'G', 'F', 'P', 1};
    static final RangeParameters PARAMS = new RangeParameters(64, 4);
    private static final Scalar LIMB_SHIFT = Scalar.ofLong(1L << OrderLayout.LIMB_BITS);

    private final int flags;
    private final RangeProof range;
    private final DlogProof[] complete;

    private FillProof(int flags, RangeProof range, DlogProof[] complete) {
        this.flags = flags;
        this.range = range;
        this.complete = complete;
    }

    /** Whether the prover declares side 0 (bought) or 1 (sold) filled completely. */
    public boolean complete(int side) {
        return (flags >>> side & 1) == 1;
    }

    /**
     * Proves the institution's fill against the result (which it has verified).
     *
     * @throws ParameterException if nothing traded or the order is not in the result
     * @throws ProtocolAbortException if the unmasked fill is not in [0, committed quantity]: the
     *         parties' result contradicts the committed order
     */
    public static FillProof prove(ProvedOrder order, ResultStatement result, SecureRandom rng) {
        long[] fills = unmask(order, result);
        int k = result.priceIndex;
        long[] values = new long[4];
        Scalar[] blindings = new Scalar[4];
        int flags = 0;
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
                flags |= 1 << side;
                dl[side] = DlogProof.prove(PedersenGens.standard().h(), gq.add(gr), rng);
            }
        }
        RangeProof proof = RangeProver.prove(PARAMS, values, blindings, rng).proof();
        Arrays.fill(values, 0);
        return new FillProof(flags, proof, dl);
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
     * Checks the proof from public data only.
     *
     * @param partyKeys      the compute parties' Ed25519 keys, party 0 first
     * @param institutionKey the institution's registered Ed25519 key
     * @throws VerificationFailedException if any signature, link or proof fails
     */
    public void verify(SignedResult result, byte[][] partyKeys, CommittedOrder order, byte[] institutionKey) {
        result.verify(partyKeys);
        if (!MessageDigest.isEqual(order.publicKey, institutionKey) || !order.signatureValid()) {
            throw new VerificationFailedException("the committed order is not signed by " + order.institution());
        }
        ResultStatement st = result.statement();
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
        RangeVerifier.verify(PARAMS, v, range);
        for (int side = 0; side < 2; side++) {
            if (complete(side)) {
                complete[side].verify(pg.h(), rest[side]);
            }
        }
    }

    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        out.write(flags);
        out.writeBytes(range.toBytes());
        for (int side = 0; side < 2; side++) {
            if (complete(side)) {
                out.writeBytes(complete[side].toBytes());
            }
        }
        return out.toByteArray();
    }

    /** @throws MalformedInputException on a wrong length, unknown flags or a non-canonical element */
    public static FillProof fromBytes(byte[] b) {
        if (b == null || b.length < MAGIC.length + 1) {
            throw MalformedInputException.truncated("FillProof", MAGIC.length + 1, b == null ? 0 : b.length);
        }
        if (!Arrays.equals(Arrays.copyOf(b, MAGIC.length), MAGIC)) {
            throw new MalformedInputException("FillProof.magic", "not a version-1 fill proof");
        }
        int flags = b[MAGIC.length] & 0xff;
        if (flags > 3) {
            throw new MalformedInputException("FillProof.flags", "unknown flags " + flags);
        }
        int at = MAGIC.length + 1;
        int expected = at + PARAMS.proofLength() + DlogProof.LENGTH * Integer.bitCount(flags);
        if (b.length != expected) {
            throw MalformedInputException.wrongLength("FillProof", expected, b.length);
        }
        RangeProof range = RangeProof.fromBytes(Arrays.copyOfRange(b, at, at + PARAMS.proofLength()));
        at += PARAMS.proofLength();
        DlogProof[] dl = new DlogProof[2];
        for (int side = 0; side < 2; side++) {
            if ((flags >>> side & 1) == 1) {
                dl[side] = DlogProof.fromBytes(Arrays.copyOfRange(b, at, at + DlogProof.LENGTH));
                at += DlogProof.LENGTH;
            }
        }
        return new FillProof(flags, range, dl);
    }

    @Override
    public String toString() {
        return "FillProof(flags " + flags + ")";
    }
}
