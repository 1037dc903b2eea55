package org.veilgrid.auction.proof;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.upokecenter.cbor.CBORObject;
import org.veilgrid.core.cose.Signed;
import org.veilgrid.core.cbor.Cbor;
import org.veilgrid.core.cbor.CborItems;
import org.veilgrid.core.cbor.CborProfile;
import org.veilgrid.core.cose.StatementType;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.mpc.field.Mersenne127;

/**
 * The public result of a proved auction, as every compute party signs it ({@link SignedResult}):
 * auction id, grid digest, clearing index (−1: no trade) and price, volume, and for every
 * accepted institution the digest of its committed order and its masked fills w = fill + r
 * (bought and sold, integers below p: no wrap, since r &lt; 2^121), plus the ids of the rejected
 * institutions (not why).
 *
 * <p>Encoding (version 2): the deterministic CBOR array, signed by each party as a COSE_Sign1 of
 * content type {@value #CONTENT_TYPE}, domain {@value #DOMAIN}:
 * <pre>
 *  [ a:   auction id, bstr (1..64 bytes),
 *    h_G: grid digest, bstr 32,
 *    k*:  clearing index, int (−1 = no trade, else 0..4095),
 *    p*:  clearing price, uint (0 without trade),
 *    V:   volume, uint (0 exactly when there is no trade),
 *    [[i, h_i, w_buy,i, w_sell,i], …]:  accepted institutions, sorted by id: institution id (tstr),
 *         SHA-256 of its committed order (bstr 32), masked fills (bstr 16 each, big-endian, &lt; p),
 *    [i, …]:  rejected institutions, sorted by id (tstr) ]
 * </pre>
 * Without trade the masked fills are 0 (nothing was opened). At most 65 535 institutions on
 * each list and {@link #MAX_PAYLOAD} bytes in all.
 */
public final class ResultStatement {
    /** The COSE content type of a result. */
    public static final String CONTENT_TYPE = "application/vnd.veilgrid.auction-result+cbor";
    /** The domain every party's signature of a result covers (COSE external AAD). */
    public static final String DOMAIN = "veilgrid/auction/result/2";
    /** Largest encoded statement. */
    public static final int MAX_PAYLOAD = 1 << 22;
    /** Most institutions on either list. */
    public static final int MAX_LISTED = 65_535;
    private static final int MASKED_BYTES = 16;
    private static final CborProfile PROFILE = new CborProfile(MAX_PAYLOAD, 3, MAX_LISTED, Set.of());
    /** The result statement's type. */
    public static final StatementType<ResultStatement> TYPE = StatementType.of(CONTENT_TYPE, DOMAIN, PROFILE,
            ResultStatement::encode, ResultStatement::decode);
    /** The longest encoding of one party's signed result: a bound for reading result files. */
    public static final int MAX_LENGTH = Signed.length(TYPE, MAX_PAYLOAD);

    /** One accepted institution's line. */
    public record Entry(byte[] orderDigest, BigInteger maskedBought, BigInteger maskedSold) {
        @Override
        public byte[] orderDigest() {
            return orderDigest.clone();
        }
    }

    public final byte[] auctionId;
    public final byte[] gridDigest;
    public final int priceIndex;
    public final long price;
    public final long volume;
    private final Map<String, Entry> accepted;
    private final Set<String> rejected;

    /**
     * @throws ParameterException if a field is out of range (the decoder's bounds: the statement
     *         must be one that reads back)
     */
    public ResultStatement(byte[] auctionId, byte[] gridDigest, int priceIndex, long price, long volume,
                           Map<String, Entry> accepted, Set<String> rejected) {
        this.auctionId = AuctionItems.checkAuctionId(auctionId).clone();
        if (gridDigest == null || gridDigest.length != AuctionItems.DIGEST_BYTES) {
            throw new ParameterException("a grid digest has " + AuctionItems.DIGEST_BYTES + " bytes");
        }
        this.gridDigest = gridDigest.clone();
        if (!outcome(priceIndex, price, volume)) {
            throw new ParameterException("index " + priceIndex + ", price " + price + " and volume " + volume
                    + " do not describe an outcome");
        }
        this.priceIndex = priceIndex;
        this.price = price;
        this.volume = volume;
        if (accepted.size() > MAX_LISTED || rejected.size() > MAX_LISTED) {
            throw new ParameterException("a result lists at most " + MAX_LISTED + " accepted and rejected institutions");
        }
        for (Map.Entry<String, Entry> e : accepted.entrySet()) {
            AuctionItems.checkInstitution(e.getKey());
            Entry v = e.getValue();
            if (v.orderDigest.length != AuctionItems.DIGEST_BYTES || !fits(v.maskedBought()) || !fits(v.maskedSold())) {
                throw new ParameterException("a result entry needs a 32-byte digest and masked values in [0, p)");
            }
        }
        for (String r : rejected) {
            AuctionItems.checkInstitution(r);
            if (accepted.containsKey(r)) {
                throw new ParameterException("an institution is either accepted or rejected");
            }
        }
        this.accepted = Collections.unmodifiableMap(new TreeMap<>(accepted));
        this.rejected = Collections.unmodifiableSet(new TreeSet<>(rejected));
    }

    private static boolean outcome(long index, long price, long volume) {
        return index >= -1 && index < OrderLayout.MAX_POINTS && volume >= 0 && price >= 0
                && (index < 0) == (volume == 0) && (index >= 0 || price == 0);
    }

    private static boolean fits(BigInteger v) {
        return v.signum() >= 0 && v.compareTo(Mersenne127.P) < 0;
    }

    public boolean traded() {
        return priceIndex >= 0;
    }

    public Map<String, Entry> accepted() {
        return accepted;
    }

    public Set<String> rejected() {
        return rejected;
    }

    private static CBORObject encode(ResultStatement s) {
        CBORObject acc = CBORObject.NewArray();
        for (Map.Entry<String, Entry> e : s.accepted.entrySet()) {
            acc.Add(CBORObject.NewArray()
                    .Add(e.getKey())
                    .Add(CBORObject.FromObject(e.getValue().orderDigest))
                    .Add(CBORObject.FromObject(fixed16(e.getValue().maskedBought())))
                    .Add(CBORObject.FromObject(fixed16(e.getValue().maskedSold()))));
        }
        CBORObject rej = CBORObject.NewArray();
        for (String r : s.rejected) {
            rej.Add(r);
        }
        return CBORObject.NewArray()
                .Add(AuctionItems.auctionId(s.auctionId))
                .Add(CBORObject.FromObject(s.gridDigest))
                .Add(s.priceIndex)
                .Add(s.price)
                .Add(s.volume)
                .Add(acc)
                .Add(rej);
    }

    private static ResultStatement decode(CBORObject item) {
        CborItems.array(item, 7, "result");
        byte[] id = AuctionItems.auctionId(item.get(0), "result.auctionId");
        byte[] grid = AuctionItems.digest(item.get(1), "result.gridDigest");
        long index = CborItems.integer(item.get(2), -1, OrderLayout.MAX_POINTS - 1, "result.priceIndex");
        long price = CborItems.integer(item.get(3), 0, Long.MAX_VALUE, "result.price");
        long volume = CborItems.integer(item.get(4), 0, Long.MAX_VALUE, "result.volume");
        if (!outcome(index, price, volume)) {
            throw new MalformedInputException("result", "index " + index + ", price " + price + " and volume " + volume
                    + " do not describe an outcome");
        }
        CBORObject acc = list(item.get(5), "result.accepted");
        Map<String, Entry> accepted = new TreeMap<>();
        String last = null;
        for (int i = 0; i < acc.size(); i++) {
            String field = "result.accepted[" + i + "]";
            CBORObject e = CborItems.array(acc.get(i), 4, field);
            String inst = AuctionItems.institution(e.get(0), field + ".institution");
            if (last != null && last.compareTo(inst) >= 0) {
                throw new MalformedInputException(field, "ids are not sorted and distinct");
            }
            last = inst;
            byte[] digest = AuctionItems.digest(e.get(1), field + ".orderDigest");
            BigInteger wb = masked(e.get(2), field + ".maskedBought");
            BigInteger ws = masked(e.get(3), field + ".maskedSold");
            accepted.put(inst, new Entry(digest, wb, ws));
        }
        CBORObject rej = list(item.get(6), "result.rejected");
        Set<String> rejected = new TreeSet<>();
        last = null;
        for (int i = 0; i < rej.size(); i++) {
            String field = "result.rejected[" + i + "]";
            String inst = AuctionItems.institution(rej.get(i), field);
            if (last != null && last.compareTo(inst) >= 0) {
                throw new MalformedInputException(field, "ids are not sorted and distinct");
            }
            if (accepted.containsKey(inst)) {
                throw new MalformedInputException(field, "listed as accepted too");
            }
            last = inst;
            rejected.add(inst);
        }
        return new ResultStatement(id, grid, (int) index, price, volume, accepted, rejected);
    }

    private static CBORObject list(CBORObject item, String field) {
        if (item == null || item.getType() != com.upokecenter.cbor.CBORType.Array || item.isTagged()) {
            throw new MalformedInputException(field, "expected an array");
        }
        return item;
    }

    private static BigInteger masked(CBORObject item, String field) {
        BigInteger v = new BigInteger(1, CborItems.bytes(item, MASKED_BYTES, field));
        if (!fits(v)) {
            throw new MalformedInputException(field, "is not below p = 2^127 - 1");
        }
        return v;
    }

    private static byte[] fixed16(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[MASKED_BYTES];
        int n = Math.min(raw.length, MASKED_BYTES);
        System.arraycopy(raw, raw.length - n, out, MASKED_BYTES - n, n);
        return out;
    }

    /** The deterministic CBOR encoding of the statement: what every party signs (the COSE payload). */
    public byte[] encoded() {
        return Cbor.encode(encode(this));
    }

    /** SHA-256 of {@link #encoded()}: how a fill proof names the result it answers. */
    public byte[] digest() {
        return AuctionItems.sha256(encoded());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResultStatement && Arrays.equals(((ResultStatement) o).encoded(), encoded());
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(auctionId), priceIndex, volume);
    }

    @Override
    public String toString() {
        return "ResultStatement(index " + priceIndex + ", volume " + volume + ", " + accepted.size() + " accepted, "
                + rejected.size() + " rejected)";
    }
}
