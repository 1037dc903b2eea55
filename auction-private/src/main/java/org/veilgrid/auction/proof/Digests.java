package org.veilgrid.auction.proof;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.veilgrid.auction.PriceGrid;

/** SHA-256 helpers with domain tags, for the digests the signed statements bind. */
public final class Digests {
    private Digests() {
    }

    static MessageDigest sha256(String tag) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] t = tag.getBytes(StandardCharsets.US_ASCII);
            d.update((byte) t.length);
            d.update(t);
            return d;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    /** SHA-256("veilgrid/auction/grid" ‖ K ‖ p_0 ‖ … ‖ p_{K−1}), 8-byte big-endian words. */
    public static byte[] grid(PriceGrid grid) {
        MessageDigest d = sha256("veilgrid/auction/grid");
        long[] prices = grid.prices();
        d.update(longBytes(prices.length));
        for (long p : prices) {
            d.update(longBytes(p));
        }
        return d.digest();
    }

    static byte[] longBytes(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (56 - 8 * i));
        }
        return b;
    }
}
