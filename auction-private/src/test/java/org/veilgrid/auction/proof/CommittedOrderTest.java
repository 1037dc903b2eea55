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
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.core.cose.Signed;
import com.upokecenter.cbor.CBORObject;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.core.identity.AgentPublicKey;

/** Committed orders: honest ones pass every party check; each kind of malformed one is rejected with its reason. */
class CommittedOrderTest {
    static final SecureRandom RNG = new SecureRandom();
    static final byte[] AUCTION = {1, 2, 3, 4};
    static final PriceGrid GRID = PriceGrid.of(10, 20, 30);
    static AgentKey keyA;
    static AgentKey keyB;
    static ProvedOrder honest;

    @BeforeAll
    static void setUp() {
        keyA = AgentKey.generate(RNG);
        keyB = AgentKey.generate(RNG);
        honest = ProvedOrder.create(AUCTION, "bank-a", GRID, new long[] {50, 20, 0}, new long[] {0, 5, Order.MAX_VALUE}, keyA, RNG);
    }

    static OrderChecks.Outcome check(String inst, byte[] bytes, AgentKey key) {
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
        Map<String, AgentPublicKey> keys = Map.of("bank-a", keyA.publicKey());
        for (int i = 0; i < b.length; i++) {
            byte[] t = b.clone();
            t[i] ^= (byte) (1 << (i % 8));
            Map<String, byte[]> enc = new TreeMap<>(Map.of("bank-a", t));
            OrderChecks.Outcome o = OrderChecks.check(AUCTION, GRID, enc, keys);
            assertFalse(o.accepted().containsKey("bank-a"), "byte " + i + " flipped and still accepted");
        }
    }

    @Test
    void anOrderSignedByItsOwnKeyButNotTheRegisteredOneIsABadSignature() {
        // bank-a's order made with key B: it verifies under the key it names, which is not bank-a's.
        ProvedOrder other = ProvedOrder.create(AUCTION, "bank-a", GRID, new long[] {50, 20, 0}, new long[3], keyB, RNG);
        assertEquals(keyB.publicKey(), CommittedOrder.fromBytes(other.committed().toBytes()).institutionKey());
        OrderChecks.Outcome o = check("bank-a", other.committed().toBytes(), keyA);
        assertEquals(Rejection.Reason.BAD_SIGNATURE, reason(o, "bank-a"));
        assertTrue(o.rejected().get("bank-a").detail().contains("registered key"), o.rejected().toString());
        // the statement of bank-a's honest order (naming key A) signed by key B: no signature of the named key
        byte[] forged = Signed.sign(honest.committed(), CommittedOrder.TYPE, keyB).encoded();
        assertThrows(VerificationFailedException.class, () -> CommittedOrder.fromBytes(forged));
        assertEquals(Rejection.Reason.BAD_SIGNATURE, reason(check("bank-a", forged, keyA), "bank-a"));
    }

    /** The honest order's statement with one field replaced, properly signed by key A: only the decoder can refuse it. */
    static byte[] withField(int index, CBORObject value) {
        CBORObject st = CommittedOrder.TYPE.encode(honest.committed());
        st.set(index, value);
        return Signed.sign(st, Statements.raw(CommittedOrder.TYPE), keyA).encoded();
    }

    @Test
    void theDecoderRefusesEachBadFieldOfASignedOrderNamingIt() {
        assertTrue(assertThrows(MalformedInputException.class, () -> CommittedOrder.fromBytes(withField(3,
                CBORObject.FromObject(0)))).getMessage().contains("K (price points)"));
        assertTrue(assertThrows(MalformedInputException.class, () -> CommittedOrder.fromBytes(withField(3,
                CBORObject.FromObject(4))))
                .getMessage().contains("commitments"));
        CBORObject badPoints = CommittedOrder.TYPE.encode(honest.committed()).get(4);
        byte[] ff = new byte[32];
        Arrays.fill(ff, (byte) 0xff);
        badPoints.set(0, CBORObject.FromObject(ff));
        assertTrue(assertThrows(MalformedInputException.class, () -> CommittedOrder.fromBytes(withField(4, badPoints)))
                .getMessage().contains("commitment[0]"));
        assertTrue(assertThrows(MalformedInputException.class, () -> CommittedOrder.fromBytes(withField(1,
                CBORObject.FromObject("bank a")))).getMessage().contains("institution"));
        assertTrue(assertThrows(MalformedInputException.class, () -> CommittedOrder.fromBytes(withField(0,
                CBORObject.FromObject(new byte[65])))).getMessage().contains("auctionId"));
        CBORObject shortProof = CommittedOrder.TYPE.encode(honest.committed()).get(5);
        shortProof.set(0, CBORObject.FromObject(new byte[31]));
        assertTrue(assertThrows(MalformedInputException.class, () -> CommittedOrder.fromBytes(withField(5, shortProof)))
                .getMessage().contains("rangeProof[0]"));
        // a malformed order reaching the parties is rejected as such, naming the field to its owner
        OrderChecks.Outcome o = check("bank-a", withField(3, CBORObject.FromObject(0)), keyA);
        assertEquals(Rejection.Reason.MALFORMED, reason(o, "bank-a"));
    }

    @Test
    void decoderRejectsTruncatedOversizedAndGarbledInputWithTypedErrors() {
        byte[] b = honest.committed().toBytes();
        for (int len = 0; len < b.length; len++) {
            byte[] cut = Arrays.copyOf(b, len);
            assertThrows(MalformedInputException.class, () -> CommittedOrder.fromBytes(cut), "length " + len);
        }
        assertThrows(MalformedInputException.class, () -> CommittedOrder.fromBytes(Arrays.copyOf(b, b.length + 1)));
        assertThrows(MalformedInputException.class, () -> CommittedOrder.fromBytes(new byte[CommittedOrder.MAX_LENGTH + 1]));
        assertThrows(MalformedInputException.class, () -> CommittedOrder.fromBytes(null));
        for (int i = 0; i < 200; i++) {
            byte[] junk = new byte[RNG.nextInt(400)];
            RNG.nextBytes(junk);
            try {
                CommittedOrder.fromBytes(junk);
            } catch (MalformedInputException | VerificationFailedException expected) {
                // typed
            }
        }
    }
}
