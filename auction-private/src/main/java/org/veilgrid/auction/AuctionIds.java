package org.veilgrid.auction;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.veilgrid.core.errors.ParameterException;

/**
 * Auction ids as people type them: 1 to 64 letters, digits, '.', '_' or '-', starting with a
 * letter or digit (so an id can name a folder). The id's bytes (UTF-8) are what the auction
 * uses: the rationing lottery ({@link Institutions#priority}), committed orders and signed
 * results all carry them, so a result or an order of one auction is never taken for another's.
 */
public final class AuctionIds {
    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private AuctionIds() {
    }

    /** @throws ParameterException if {@code id} is not a usable auction id */
    public static String requireValid(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new ParameterException("an auction id is 1 to 64 letters, digits, '.', '_' or '-', starting with a"
                    + " letter or digit" + (id == null ? "" : "; got " + (id.length() > 64 ? "a longer one" : "'"
                    + id.replaceAll("[^\\x20-\\x7e]", "?") + "'")));
        }
        return id;
    }

    /** The bytes the auction uses for {@code id}. */
    public static byte[] bytes(String id) {
        return requireValid(id).getBytes(StandardCharsets.UTF_8);
    }

    /** A fresh id: 128 random bits as 32 hexadecimal digits. */
    public static String random(SecureRandom rng) {
        byte[] b = new byte[16];
        rng.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
