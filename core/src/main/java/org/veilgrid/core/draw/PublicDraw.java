package org.veilgrid.core.draw;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * A public, deterministic draw: names in the order of their tickets SHA-256(domain ‖ seed ‖ name)
 * (as unsigned integers; equal tickets, which need a hash collision, fall back to the name).
 * Everyone holding the seed computes the same order, and nobody can steer it without choosing
 * the seed. Used for the auction's rationing order and the aggregation committee; the domain
 * keeps the two draws independent.
 */
public final class PublicDraw {
    private PublicDraw() {
    }

    /** The names sorted by ticket; the input is not changed. */
    public static List<String> order(String domain, byte[] seed, Collection<String> names) {
        List<String> out = new ArrayList<>(names);
        out.sort(Comparator.comparing((String n) -> new BigInteger(1, ticket(domain, seed, n))).thenComparing(n -> n));
        return out;
    }

    private static byte[] ticket(String domain, byte[] seed, String name) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(domain.getBytes(StandardCharsets.UTF_8));
            d.update(seed);
            d.update(name.getBytes(StandardCharsets.UTF_8));
            return d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
