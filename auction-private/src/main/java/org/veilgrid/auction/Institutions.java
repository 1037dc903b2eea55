package org.veilgrid.auction;

import java.util.Collection;
import java.util.List;
import org.veilgrid.core.draw.PublicDraw;
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

    /**
     * Checks that no institution is listed twice: two entries of one name would be one
     * institution counted twice (its input read twice, its buy and sell orders able to trade
     * with each other as if they were two institutions').
     *
     * @throws ParameterException naming the first repeated id
     */
    public static void requireDistinct(Collection<String> institutions) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String id : institutions) {
            if (!seen.add(id)) {
                throw new ParameterException("institution '" + requireValid(id) + "' is listed twice");
            }
        }
    }

    /** The rationing order for an auction: first in the list is served first on the long side. */
    public static List<String> priority(byte[] auctionId, Collection<String> institutions) {
        requireDistinct(institutions);
        return PublicDraw.order("veilgrid/auction/priority", auctionId, institutions);
    }
}
