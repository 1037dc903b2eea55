package org.veilgrid.auction.proof;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.mpc.field.Mersenne127;

/**
 * The public result of a proved auction, as every compute party signs it: auction id, grid
 * digest, clearing index (−1: no trade) and price, volume, and for every accepted institution
 * the digest of its committed order and its masked fill w = fill + r (bought and sold, integers
 * below p: no wrap, since r &lt; 2^121), plus the ids of the rejected institutions (not why).
 *
 * <p>Encoding (big-endian; strict decoding):
 * <pre>
 *  "VGAR" ‖ 0x01 ‖ u8 a ‖ auction id ‖ grid digest (32) ‖ i32 index ‖ u64 price ‖ u64 volume
 *  u16 n ‖ n × (u8 len ‖ institution ‖ order digest (32) ‖ w_bought (16) ‖ w_sold (16))   sorted by id
 *  u16 m ‖ m × (u8 len ‖ institution)                                                 sorted by id
 * </pre>
 * Without trade the masked fills are 0 (nothing was opened).
 */
public final class ResultStatement {
    static final byte[] MAGIC = {'V', 'G', 'A', 'R', 1};
    static final int MAX_LENGTH = 1 << 22;

    /** One accepted institution's line. */
    public record Entry(byte[] orderDigest, BigInteger maskedBought, BigInteger maskedSold) {
    }

    public final byte[] auctionId;
    public final byte[] gridDigest;
    public final int priceIndex;
    public final long price;
    public final long volume;
    private final Map<String, Entry> accepted;
    private final Set<String> rejected;

    public ResultStatement(byte[] auctionId, byte[] gridDigest, int priceIndex, long price, long volume,
                           Map<String, Entry> accepted, Set<String> rejected) {
        this.auctionId = auctionId.clone();
        this.gridDigest = gridDigest.clone();
        this.priceIndex = priceIndex;
        this.price = price;
        this.volume = volume;
        this.accepted = Collections.unmodifiableMap(new TreeMap<>(accepted));
        this.rejected = Collections.unmodifiableSet(new TreeSet<>(rejected));
        for (Entry e : accepted.values()) {
            if (e.orderDigest().length != 32 || !fits(e.maskedBought()) || !fits(e.maskedSold())) {
                throw new ParameterException("a result entry needs a 32-byte digest and masked values in [0, p)");
            }
        }
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

    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        out.write(auctionId.length);
        out.writeBytes(auctionId);
        out.writeBytes(gridDigest);
        out.writeBytes(ByteBuffer.allocate(20).putInt(priceIndex).putLong(price).putLong(volume).array());
        out.write(accepted.size() >>> 8);
        out.write(accepted.size());
        for (Map.Entry<String, Entry> e : accepted.entrySet()) {
            writeId(out, e.getKey());
            out.writeBytes(e.getValue().orderDigest());
            out.writeBytes(fixed16(e.getValue().maskedBought()));
            out.writeBytes(fixed16(e.getValue().maskedSold()));
        }
        out.write(rejected.size() >>> 8);
        out.write(rejected.size());
        for (String r : rejected) {
            writeId(out, r);
        }
        return out.toByteArray();
    }

    private static void writeId(ByteArrayOutputStream out, String id) {
        byte[] b = id.getBytes(StandardCharsets.US_ASCII);
        out.write(b.length);
        out.writeBytes(b);
    }

    private static byte[] fixed16(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[16];
        int n = Math.min(raw.length, 16);
        System.arraycopy(raw, raw.length - n, out, 16 - n, n);
        return out;
    }

    /** SHA-256 of the encoding, what the parties sign. */
    public byte[] digest() {
        MessageDigest d = Digests.sha256("veilgrid/auction/result/v1");
        d.update(toBytes());
        return d.digest();
    }

    /** @throws MalformedInputException on truncated, oversized, unsorted or out-of-range input */
    public static ResultStatement fromBytes(byte[] b) {
        if (b == null || b.length > MAX_LENGTH) {
            throw new MalformedInputException("ResultStatement", b == null ? "missing" : "length " + b.length + " too large");
        }
        ByteBuffer in = ByteBuffer.wrap(b);
        byte[] magic = take(in, MAGIC.length, "ResultStatement.magic");
        if (!Arrays.equals(magic, MAGIC)) {
            throw new MalformedInputException("ResultStatement.magic", "not a version-1 auction result");
        }
        int a = take(in, 1, "ResultStatement.auctionId")[0] & 0xff;
        if (a < 1 || a > 64) {
            throw new MalformedInputException("ResultStatement.auctionId", "length " + a + " is not in [1, 64]");
        }
        byte[] id = take(in, a, "ResultStatement.auctionId");
        byte[] grid = take(in, 32, "ResultStatement.grid");
        ByteBuffer nums = ByteBuffer.wrap(take(in, 20, "ResultStatement.outcome"));
        int index = nums.getInt();
        long price = nums.getLong();
        long volume = nums.getLong();
        if (index < -1 || index >= OrderLayout.MAX_POINTS || volume < 0 || (index < 0) != (volume == 0) || price < 0) {
            throw new MalformedInputException("ResultStatement.outcome", "index " + index + " and volume " + volume
                    + " do not describe an outcome");
        }
        int n = u16(in, "ResultStatement.accepted");
        Map<String, Entry> acc = new TreeMap<>();
        String last = null;
        for (int i = 0; i < n; i++) {
            String inst = readId(in, "ResultStatement.accepted[" + i + "]", last);
            last = inst;
            byte[] dg = take(in, 32, "ResultStatement.accepted[" + i + "].digest");
            BigInteger wb = new BigInteger(1, take(in, 16, "ResultStatement.accepted[" + i + "].bought"));
            BigInteger ws = new BigInteger(1, take(in, 16, "ResultStatement.accepted[" + i + "].sold"));
            if (!fits(wb) || !fits(ws)) {
                throw new MalformedInputException("ResultStatement.accepted[" + i + "]", "masked fill is not below p");
            }
            acc.put(inst, new Entry(dg, wb, ws));
        }
        int m = u16(in, "ResultStatement.rejected");
        Set<String> rej = new TreeSet<>();
        last = null;
        for (int i = 0; i < m; i++) {
            String inst = readId(in, "ResultStatement.rejected[" + i + "]", last);
            if (acc.containsKey(inst)) {
                throw new MalformedInputException("ResultStatement.rejected[" + i + "]", "listed as accepted too");
            }
            last = inst;
            rej.add(inst);
        }
        if (in.hasRemaining()) {
            throw new MalformedInputException("ResultStatement", in.remaining() + " bytes after the end");
        }
        return new ResultStatement(id, grid, index, price, volume, acc, rej);
    }

    private static String readId(ByteBuffer in, String where, String previous) {
        int len = take(in, 1, where)[0] & 0xff;
        if (len < 1 || len > 64) {
            throw new MalformedInputException(where, "id length " + len + " is not in [1, 64]");
        }
        byte[] raw = take(in, len, where);
        for (byte c : raw) {
            char ch = (char) (c & 0xff);
            if (!(ch < 128 && Character.isLetterOrDigit(ch) || ch == '.' || ch == '_' || ch == '-')) {
                throw new MalformedInputException(where, "id is not letters, digits, '.', '_' or '-'");
            }
        }
        String s = new String(raw, StandardCharsets.US_ASCII);
        if (previous != null && previous.compareTo(s) >= 0) {
            throw new MalformedInputException(where, "ids are not sorted and distinct");
        }
        return s;
    }

    private static int u16(ByteBuffer in, String where) {
        byte[] b = take(in, 2, where);
        return ((b[0] & 0xff) << 8) | (b[1] & 0xff);
    }

    private static byte[] take(ByteBuffer in, int n, String where) {
        if (in.remaining() < n) {
            throw MalformedInputException.truncated(where, n, in.remaining());
        }
        byte[] out = new byte[n];
        in.get(out);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResultStatement && Arrays.equals(((ResultStatement) o).toBytes(), toBytes());
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
