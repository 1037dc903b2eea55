package org.veilgrid.auction.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.veilgrid.auction.AuctionParticipant;
import org.veilgrid.auction.LoopbackAuction;
import org.veilgrid.auction.Order;
import org.veilgrid.auction.PriceGrid;
import org.veilgrid.auction.Side;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.core.errors.VeilException;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.zk.promise.AgentKeys;

/** Fill proofs and signed results: honest ones verify from public data; every kind of forgery fails. */
class FillProofTest {
    static final SecureRandom RNG = new SecureRandom();
    static final byte[] ID = "fill-proofs".getBytes();
    static final PriceGrid GRID = PriceGrid.of(10, 12, 14, 16);
    static final Map<String, AuctionParticipant> PS = new TreeMap<>();
    static final Map<String, AgentKeys> KEYS = new TreeMap<>();
    static LoopbackAuction.Outcome outcome;

    @BeforeAll
    static void clear() {
        List<Order> book = List.of(new Order("bank-a", Side.BUY, 16, 40), new Order("bank-b", Side.SELL, 10, 30),
                new Order("fund-c", Side.SELL, 14, 25));
        LoopbackAuction.Options opt = new LoopbackAuction.Options();
        for (Order o : book) {
            AgentKeys k = AgentKeys.generate(RNG);
            KEYS.put(o.institution, k);
            AuctionParticipant p = new AuctionParticipant(o.institution, List.of(o), GRID, ID, k);
            PS.put(o.institution, p);
            opt.replace.put(o.institution, p);
        }
        outcome = LoopbackAuction.run(ID, GRID, List.of(), 3, 30_000, null, opt);
        assertTrue(outcome.result.traded());
    }

    static FillProof proof(String inst) {
        return FillProof.fromBytes(PS.get(inst).proveFill(outcome.signed.statement()).toBytes());
    }

    static CommittedOrder order(String inst) {
        return CommittedOrder.fromBytes(PS.get(inst).committedOrder());
    }

    /** The same statement with one institution's masked bought value changed, signed by {@code keys}. */
    static SignedResult altered(String inst, BigInteger delta, AgentKeys[] keys) {
        ResultStatement st = outcome.signed.statement();
        Map<String, ResultStatement.Entry> entries = new TreeMap<>(st.accepted());
        ResultStatement.Entry e = entries.get(inst);
        entries.put(inst, new ResultStatement.Entry(e.orderDigest(), e.maskedBought().add(delta), e.maskedSold()));
        ResultStatement bad = new ResultStatement(st.auctionId, st.gridDigest, st.priceIndex, st.price, st.volume,
                entries, st.rejected());
        byte[][] sigs = new byte[keys.length][];
        for (int i = 0; i < keys.length; i++) {
            sigs[i] = SignedResult.sign(bad, keys[i]);
        }
        return new SignedResult(bad, sigs);
    }

    static byte[][] publicKeys(AgentKeys[] k) {
        byte[][] out = new byte[k.length][];
        for (int i = 0; i < k.length; i++) {
            out[i] = k[i].publicKey();
        }
        return out;
    }

    @Test
    void honestFillProofsVerifyFromPublicDataOnly() {
        for (String inst : PS.keySet()) {
            FillProof p = proof(inst);
            p.verify(SignedResult.fromBytes(outcome.signed.toBytes()), outcome.partyKeys, order(inst),
                    KEYS.get(inst).publicKey());
        }
        // bank-a is the short side (demand 40 < supply): filled completely, with the Schnorr proof.
        assertTrue(proof("bank-a").complete(0));
        assertEquals(40, outcome.result.fill("bank-a").bought);
        assertFalse(proof("bank-a").toString().contains("40"));
    }

    @Test
    void aWrongFillIsRejected() {
        AgentKeys[] colluding = {AgentKeys.generate(RNG), AgentKeys.generate(RNG), AgentKeys.generate(RNG)};
        // Parties that sign a fill one larger than the real one: the honest proof no longer fits it ...
        SignedResult bigger = altered("bank-b", BigInteger.ONE, colluding);
        assertThrows(VerificationFailedException.class, () -> proof("bank-b").verify(bigger, publicKeys(colluding),
                order("bank-b"), KEYS.get("bank-b").publicKey()));
        // ... and an institution filled completely cannot be told it got more than it committed.
        SignedResult over = altered("bank-a", BigInteger.ONE, colluding);
        assertThrows(ProtocolAbortException.class, () -> PS.get("bank-a").acceptResult(over, publicKeys(colluding)));
        assertThrows(ProtocolAbortException.class, () -> PS.get("bank-a").proveFill(over.statement()));
        SignedResult under = altered("bank-a", BigInteger.ONE.negate(), colluding);
        assertThrows(VerificationFailedException.class, () -> proof("bank-a").verify(under, publicKeys(colluding),
                order("bank-a"), KEYS.get("bank-a").publicKey()));
    }

    @Test
    void aProofAgainstAnotherInstitutionsCommitmentsIsRejected() {
        assertThrows(VerificationFailedException.class, () -> proof("bank-a").verify(outcome.signed, outcome.partyKeys,
                order("fund-c"), KEYS.get("fund-c").publicKey()));
        assertThrows(VerificationFailedException.class, () -> proof("bank-b").verify(outcome.signed, outcome.partyKeys,
                order("bank-b"), KEYS.get("bank-a").publicKey()));
    }

    @Test
    void everyTamperedByteOfAProofIsRejected() {
        byte[] b = proof("bank-a").toBytes();
        for (int i = 0; i < b.length; i++) {
            byte[] t = b.clone();
            t[i] ^= (byte) (1 << (i % 8));
            try {
                FillProof.fromBytes(t).verify(outcome.signed, outcome.partyKeys, order("bank-a"), KEYS.get("bank-a").publicKey());
                fail("byte " + i + " flipped and the proof still verifies");
            } catch (MalformedInputException | VerificationFailedException expected) {
                // rejected
            }
        }
    }

    @Test
    void forgedOrMissingPartySignaturesAreRejected() {
        byte[] b = outcome.signed.toBytes();
        byte[] forged = b.clone();
        forged[b.length - 1] ^= 1; // last party's signature
        assertThrows(VerificationFailedException.class, () -> SignedResult.fromBytes(forged).verify(outcome.partyKeys));
        byte[] st = outcome.signed.statement().toBytes();
        byte[] body = b.clone();
        body[4 + st.length - 40] ^= 1; // a byte of the statement: every signature breaks
        assertThrows(VeilException.class, () -> SignedResult.fromBytes(body).verify(outcome.partyKeys));
        byte[] two = java.util.Arrays.copyOf(b, b.length - 64);
        two[4 + st.length] = 2;
        assertThrows(VerificationFailedException.class, () -> SignedResult.fromBytes(two).verify(outcome.partyKeys));
        assertThrows(MalformedInputException.class, () -> SignedResult.fromBytes(java.util.Arrays.copyOf(b, b.length - 1)));
        AgentKeys[] strangers = {AgentKeys.generate(RNG), AgentKeys.generate(RNG), AgentKeys.generate(RNG)};
        assertThrows(VerificationFailedException.class, () -> PS.get("bank-a").acceptResult(outcome.signed,
                publicKeys(strangers)));
        assertThrows(VerificationFailedException.class, () -> proof("bank-a").verify(outcome.signed, publicKeys(strangers),
                order("bank-a"), KEYS.get("bank-a").publicKey()));
    }

    @Test
    void resultStatementRoundTripsAndItsDecoderIsStrict() {
        ResultStatement st = outcome.signed.statement();
        assertEquals(st, ResultStatement.fromBytes(st.toBytes()));
        byte[] b = st.toBytes();
        for (int len = 0; len < b.length; len++) {
            byte[] cut = java.util.Arrays.copyOf(b, len);
            assertThrows(MalformedInputException.class, () -> ResultStatement.fromBytes(cut), "length " + len);
        }
        assertThrows(MalformedInputException.class, () -> ResultStatement.fromBytes(java.util.Arrays.copyOf(b, b.length + 1)));
    }
}
