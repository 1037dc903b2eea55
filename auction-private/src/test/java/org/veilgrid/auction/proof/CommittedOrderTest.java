package org.veilgrid.auction.proof;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.veilgrid.auction.Order;
import org.veilgrid.auction.PriceGrid;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.VeilException;
import org.veilgrid.zk.promise.AgentKeys;

/** Committed orders: honest ones pass every party check; each kind of malformed one is rejected with its reason. */
class CommittedOrderTest {
    static final SecureRandom RNG = new SecureRandom();
    static final byte[] AUCTION = {1, 2, 3, 4};
    static final PriceGrid GRID = PriceGrid.of(10, 20, 30);
    static AgentKeys keyA;
    static AgentKeys keyB;
    static ProvedOrder honest;

    @BeforeAll
    static void setUp() {
        keyA = AgentKeys.generate(RNG);
        keyB = AgentKeys.generate(RNG);
        honest = ProvedOrder.create(AUCTION, "bank-a", GRID, new long[] {50, 20, 0}, new long[] {0, 5, Order.MAX_VALUE}, keyA, RNG);
    }

    static OrderChecks.Outcome check(String inst, byte[] bytes, AgentKeys key) {
        Map<String, byte[]> enc = new TreeMap<>();
        enc.put(inst, bytes);
        return OrderChecks.check(AUCTION, GRID, enc, Map.of(inst, key.publicKey()));
    }

    static Rejection.Reason reason(OrderChecks.Outcome o, String inst) {
        assertFalse(o.accepted().containsKey(inst));
        return o.rejected().get(inst).reason();
    }

    @Test
    void honestOrderRoundTripsAndPasses() {
        byte[] b = honest.committed().toBytes();
        CommittedOrder back = CommittedOrder.fromBytes(b);
        assertArrayEquals(b, back.toBytes());
        assertArrayEquals(honest.committed().digest(), back.digest());
        assertEquals("bank-a", back.institution());
        OrderChecks.Outcome o = check("bank-a", b, keyA);
        assertTrue(o.accepted().containsKey("bank-a"), () -> o.rejected().toString());
        // Exactly the public fields: a random hex digest may contain any short digit string, so
        // compare the whole text rather than searching it for a value.
        assertEquals("CommittedOrder(bank-a, K = 3, digest " + HexFormat.of().formatHex(back.digest(), 0, 8) + ")",
                back.toString());
        assertEquals("ProvedOrder(bank-a, values, masks and blindings hidden)", honest.toString());
    }

    @Test
    void nonMonotoneAndOutOfRangeSchedulesFailTheRangeProofs() {
        ProvedOrder up = ProvedOrder.create(AUCTION, "bank-a", GRID, new long[] {5, 20, 0}, new long[3], keyA, RNG);
        assertEquals(Rejection.Reason.RANGE_PROOF, reason(check("bank-a", up.committed().toBytes(), keyA), "bank-a"));
        ProvedOrder down = ProvedOrder.create(AUCTION, "bank-a", GRID, new long[3], new long[] {0, 7, 6}, keyA, RNG);
        assertEquals(Rejection.Reason.RANGE_PROOF, reason(check("bank-a", down.committed().toBytes(), keyA), "bank-a"));
        ProvedOrder big = ProvedOrder.create(AUCTION, "bank-a", GRID, new long[] {Order.MAX_VALUE + 1, 0, 0}, new long[3], keyA, RNG);
        assertEquals(Rejection.Reason.RANGE_PROOF, reason(check("bank-a", big.committed().toBytes(), keyA), "bank-a"));
        ProvedOrder negative = ProvedOrder.create(AUCTION, "bank-a", GRID, new long[3], new long[] {-1, 0, 0}, keyA, RNG);
        assertEquals(Rejection.Reason.RANGE_PROOF, reason(check("bank-a", negative.committed().toBytes(), keyA), "bank-a"));
    }

    @Test
    void batchFindsTheOneBadOrderAmongGoodOnes() {
        ProvedOrder bad = ProvedOrder.create(AUCTION, "bank-b", GRID, new long[] {0, 1, 0}, new long[3], keyB, RNG);
        Map<String, byte[]> enc = new TreeMap<>(Map.of("bank-a", honest.committed().toBytes(), "bank-b", bad.committed().toBytes()));
        OrderChecks.Outcome o = OrderChecks.check(AUCTION, GRID, enc, Map.of("bank-a", keyA.publicKey(), "bank-b", keyB.publicKey()));
        assertEquals(java.util.Set.of("bank-a"), o.accepted().keySet());
        assertEquals(Rejection.Reason.RANGE_PROOF, o.rejected().get("bank-b").reason());
    }

    @Test
    void wrongKeyContextOrMissingOrderIsRejected() {
        byte[] b = honest.committed().toBytes();
        assertEquals(Rejection.Reason.BAD_SIGNATURE, reason(check("bank-a", b, keyB), "bank-a"));
        assertEquals(Rejection.Reason.WRONG_CONTEXT, reason(check("bank-b", b, keyA), "bank-b"));
        Map<String, byte[]> enc = new TreeMap<>(Map.of("bank-a", b));
        assertEquals(Rejection.Reason.WRONG_CONTEXT, reason(OrderChecks.check(new byte[] {9}, GRID, enc,
                Map.of("bank-a", keyA.publicKey())), "bank-a"));
        assertEquals(Rejection.Reason.WRONG_CONTEXT, reason(OrderChecks.check(AUCTION, PriceGrid.of(10, 20, 31), enc,
                Map.of("bank-a", keyA.publicKey())), "bank-a"));
        Map<String, byte[]> none = new TreeMap<>();
        none.put("bank-a", null);
        assertEquals(Rejection.Reason.MALFORMED, reason(OrderChecks.check(AUCTION, GRID, none,
                Map.of("bank-a", keyA.publicKey())), "bank-a"));
    }

    @Test
    void everyTamperedByteIsRejected() {
        byte[] b = honest.committed().toBytes();
        Map<String, byte[]> keys = Map.of("bank-a", keyA.publicKey());
        for (int i = 0; i < b.length; i++) {
            byte[] t = b.clone();
            t[i] ^= (byte) (1 << (i % 8));
            Map<String, byte[]> enc = new TreeMap<>(Map.of("bank-a", t));
            OrderChecks.Outcome o = OrderChecks.check(AUCTION, GRID, enc, keys);
            assertFalse(o.accepted().containsKey("bank-a"), "byte " + i + " flipped and still accepted");
        }
    }

    @Test
    void decoderRejectsTruncatedOversizedAndGarbledInputWithTypedErrors() {
        byte[] b = honest.committed().toBytes();
        for (int len = 0; len < b.length; len += len < 200 ? 1 : 97) {
            byte[] cut = Arrays.copyOf(b, len);
            assertThrows(MalformedInputException.class, () -> CommittedOrder.fromBytes(cut), "length " + len);
        }
        assertThrows(MalformedInputException.class, () -> CommittedOrder.fromBytes(Arrays.copyOf(b, b.length + 1)));
        assertThrows(MalformedInputException.class, () -> CommittedOrder.fromBytes(new byte[CommittedOrder.MAX_LENGTH + 1]));
        assertThrows(MalformedInputException.class, () -> CommittedOrder.fromBytes(null));
        byte[] version = b.clone();
        version[4] = 2;
        assertTrue(assertThrows(MalformedInputException.class, () -> CommittedOrder.fromBytes(version))
                .getMessage().contains("version"));
        byte[] k0 = b.clone();
        int kAt = 5 + 1 + AUCTION.length + 1 + "bank-a".length() + 32;
        k0[kAt] = 0;
        k0[kAt + 1] = 0;
        assertTrue(assertThrows(MalformedInputException.class, () -> CommittedOrder.fromBytes(k0))
                .getMessage().contains("price points"));
        byte[] badPoint = b.clone();
        Arrays.fill(badPoint, kAt + 2, kAt + 34, (byte) 0xff);
        assertTrue(assertThrows(MalformedInputException.class, () -> CommittedOrder.fromBytes(badPoint))
                .getMessage().contains("commitment[0]"));
        byte[] badId = b.clone();
        badId[5 + 1 + AUCTION.length + 1] = ' ';
        assertThrows(MalformedInputException.class, () -> CommittedOrder.fromBytes(badId));
        for (int i = 0; i < 200; i++) {
            byte[] junk = new byte[RNG.nextInt(400)];
            RNG.nextBytes(junk);
            try {
                CommittedOrder.fromBytes(junk);
            } catch (VeilException expected) {
                // typed
            }
        }
    }
}
