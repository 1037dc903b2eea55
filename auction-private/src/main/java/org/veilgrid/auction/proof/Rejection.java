package org.veilgrid.auction.proof;

import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

import com.upokecenter.cbor.CBORObject;
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
import org.veilgrid.core.text.SafeText;

/**
 * Why the compute parties rejected an institution's order. It goes to that institution only
 * (never to other institutions, never into a shared log line) and names the failed check, never
 * a value: the parties do not know the values.
 *
 * <p>A party delivers it signed ({@link #sign}, {@link #verify}): a COSE_Sign1 of content type
 * {@value #CONTENT_TYPE}, domain {@value #DOMAIN}, over the deterministic CBOR array
 * {@code [a: auction id (bstr 1..64), i: institution id (tstr), reason (tstr, a Reason's name),
 * detail (tstr, at most 500 characters)]}, so an institution acts only on a rejection a party of
 * its auction actually made, about its own order.
 *
 * @param detail what failed, in words; unsafe characters escaped, at most {@value #MAX_DETAIL} characters
 *               (a longer text is cut)
 */
public record Rejection(Reason reason, String detail) {
    /** The COSE content type of a signed rejection. */
    public static final String CONTENT_TYPE = "application/vnd.veilgrid.auction-rejection+cbor";
    /** The domain every rejection's signature covers (COSE external AAD). */
    public static final String DOMAIN = "veilgrid/auction/rejection/2";
    /** Longest detail text, in characters. */
    public static final int MAX_DETAIL = 500;
    private static final int MAX_PAYLOAD = 1 + 2 * CborSizes.stringLength(AuctionItems.MAX_ID)
            + CborSizes.stringLength(32) + CborSizes.stringLength(4 * MAX_DETAIL);
    /** A signed rejection's statement type. */
    public static final StatementType<Notice> TYPE = StatementType.of(CONTENT_TYPE, DOMAIN,
            new CborProfile(MAX_PAYLOAD, 1, 4 * MAX_DETAIL, Set.of()), Rejection::encode, Rejection::decode);
    /** The longest signed rejection: a bound for reading rejection files. */
    public static final int MAX_LENGTH = Signed.length(TYPE, MAX_PAYLOAD);

    /** The checks, in the order the parties run them. */
    public enum Reason {
        /** No committed order arrived, or its bytes do not decode. */
        MALFORMED,
        /**
         * The parties did not all receive the same committed order (the institution sent
         * different ones, or not to every party).
         */
        UNEQUAL_ORDERS,
        /** The order is for another auction, institution or price grid. */
        WRONG_CONTEXT,
        /** The signature does not verify under the institution's registered key. */
        BAD_SIGNATURE,
        /** A range proof fails: a schedule is not monotone or a value or mask limb lies outside [0, 2^40]. */
        RANGE_PROOF,
        /** The shares of the input are not on one polynomial of degree t. */
        INCONSISTENT_SHARES,
        /** The shared values are not the committed ones. */
        NOT_COMMITTED_VALUES
    }

    public Rejection {
        Objects.requireNonNull(reason, "reason");
        detail = shortened(SafeText.escape(Objects.requireNonNull(detail, "detail")));
    }

    /** At most MAX_DETAIL characters, "..." marking a cut; text already that short is kept as it is. */
    private static String shortened(String safe) {
        if (safe.length() <= MAX_DETAIL) {
            return safe;
        }
        int cut = MAX_DETAIL - 3;
        if (Character.isHighSurrogate(safe.charAt(cut - 1))) {
            cut--; // never split a pair
        }
        return safe.substring(0, cut) + "...";
    }

    /** What a party signs: this rejection, of that institution's order, in that auction. */
    public record Notice(byte[] auctionId, String institution, Rejection rejection) {
        public Notice {
            auctionId = AuctionItems.checkAuctionId(auctionId).clone();
            AuctionItems.checkInstitution(institution);
            Objects.requireNonNull(rejection, "rejection");
        }

        @Override
        public byte[] auctionId() {
            return auctionId.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Notice n && Arrays.equals(auctionId, n.auctionId) && institution.equals(n.institution)
                    && rejection.equals(n.rejection);
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(auctionId), institution, rejection);
        }
    }

    private static CBORObject encode(Notice n) {
        return CBORObject.NewArray()
                .Add(AuctionItems.auctionId(n.auctionId))
                .Add(n.institution)
                .Add(n.rejection.reason.name())
                .Add(n.rejection.detail);
    }

    private static Notice decode(CBORObject item) {
        CborItems.array(item, 4, "rejection");
        byte[] id = AuctionItems.auctionId(item.get(0), "rejection.auctionId");
        String institution = AuctionItems.institution(item.get(1), "rejection.institution");
        String name = CborItems.text(item.get(2), 32, "rejection.reason");
        Reason reason = null;
        for (Reason r : Reason.values()) {
            if (r.name().equals(name)) {
                reason = r;
            }
        }
        if (reason == null) {
            throw new MalformedInputException("rejection.reason", "is not one of " + Arrays.toString(Reason.values()));
        }
        String detail = CborItems.text(item.get(3), MAX_DETAIL, "rejection.detail");
        if (SafeText.hasUnsafe(detail)) {
            throw new MalformedInputException("rejection.detail", "holds control characters");
        }
        return new Notice(id, institution, new Rejection(reason, detail));
    }

    /** A party signs this rejection of {@code institution}'s order in auction {@code auctionId}, for that institution. */
    public byte[] sign(byte[] auctionId, String institution, AgentKey party) {
        return Signed.sign(new Notice(auctionId, institution, this), TYPE, party).encoded();
    }

    /**
     * Reads a signed rejection, checking that {@code party} signed it, for this auction and
     * institution.
     *
     * @throws MalformedInputException if the bytes are not a version-2 signed rejection
     * @throws VerificationFailedException if it is another kind of statement, not signed by
     *         {@code party}, or about another auction or institution
     */
    public static Rejection verify(byte[] b, byte[] auctionId, String institution, AgentPublicKey party) {
        byte[] older = "auction ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if (b != null && b.length >= older.length && Arrays.equals(b, 0, older.length, older, 0, older.length)) {
            throw new MalformedInputException("rejection", "is a version-1 rejection (the text file of Veilgrid before"
                    + " CBOR); this Veilgrid reads version " + AuctionItems.VERSION + " (a COSE_Sign1 of " + CONTENT_TYPE
                    + ")");
        }
        Notice n = AuctionItems.verify(b, TYPE, party, "rejection", null).statement();
        if (!Arrays.equals(n.auctionId, auctionId) || !n.institution.equals(institution)) {
            throw new VerificationFailedException("the rejection is about another auction or institution");
        }
        return n.rejection;
    }

    @Override
    public String toString() {
        return reason + ": " + detail;
    }
}
