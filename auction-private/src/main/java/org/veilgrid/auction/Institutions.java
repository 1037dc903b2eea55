package org.veilgrid.auction;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.veilgrid.core.errors.ParameterException;

/**
 * Institution ids and the public priority order used for rationing: institutions are ranked by
 * SHA-256("veilgrid/auction/priority" ‖ auction id ‖ id), a lottery nobody controls once the
 * auction id is fixed, and the same for the reference and the MPC computation.
 */
public final class Institutions {
    private Institutions() {
    }

    /** Ids are 1..64 characters of letters, digits, '-', '_' and '.' (they name certificates and inputs). */
    static String requireValid(String id) {
        if (id == null || id.isEmpty() || id.length() > 64 || !id.matches("[A-Za-z0-9._-]+")) {
            throw new ParameterException("institution id must be 1 to 64 letters, digits, '.', '_' or '-', got '"
                    + (id == null ? "null" : id.length() > 64 ? id.substring(0, 64) + "..." : id) + "'");
        }
        return id;
    }

    /** The rationing order for an auction: first in the list is served first on the long side. */
    public static List<String> priority(byte[] auctionId, Collection<String> institutions) {
        List<String> out = new ArrayList<>(institutions);
        out.sort(Comparator.comparing((String i) -> new java.math.BigInteger(1, ticket(auctionId, i))).thenComparing(i -> i));
        return out;
    }

    private static byte[] ticket(byte[] auctionId, String institution) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update("veilgrid/auction/priority".getBytes(StandardCharsets.UTF_8));
            d.update(auctionId);
            d.update(institution.getBytes(StandardCharsets.UTF_8));
            return d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
