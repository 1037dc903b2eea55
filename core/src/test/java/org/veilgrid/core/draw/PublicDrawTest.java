package org.veilgrid.core.draw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PublicDrawTest {

    private static BigInteger ticket(String domain, byte[] seed, String name) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        d.update(domain.getBytes(StandardCharsets.UTF_8));
        d.update(seed);
        d.update(name.getBytes(StandardCharsets.UTF_8));
        return new BigInteger(1, d.digest());
    }

    @Test
    void ordersByTicketAndDependsOnSeedAndDomain() throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            names.add("inst-" + i);
        }
        byte[] seed = {1, 2, 3};
        List<String> order = PublicDraw.order("tag/a", seed, names);
        assertEquals(new HashSet<>(names), new HashSet<>(order));
        for (int i = 1; i < order.size(); i++) {
            assertEquals(-1, ticket("tag/a", seed, order.get(i - 1)).compareTo(ticket("tag/a", seed, order.get(i))));
        }
        assertEquals(order, PublicDraw.order("tag/a", seed, new HashSet<>(names))); // input order does not matter
        assertNotEquals(order, PublicDraw.order("tag/a", new byte[] {1, 2, 4}, names));
        assertNotEquals(order, PublicDraw.order("tag/b", seed, names));
        assertEquals(Set.of(), new HashSet<>(PublicDraw.order("tag/a", seed, List.of())));
    }
}
