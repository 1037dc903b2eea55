package org.veilgrid.auction.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
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
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.core.identity.AgentPublicKey;

/** Fill proofs and signed results: honest ones verify from public data; every kind of forgery fails. */
class FillProofTest {
    static final SecureRandom RNG = new SecureRandom();
    static final byte[] ID = "fill-proofs".getBytes();
    static final PriceGrid GRID = PriceGrid.of(10, 12, 14, 16);
    static final Map<String, AuctionParticipant> PS = new TreeMap<>();
    static final Map<String, AgentKey> KEYS = new TreeMap<>();
    static LoopbackAuction.Outcome outcome;

    @BeforeAll
    static void clear() {
        List<Order> book = List.of(new Order("bank-a", Side.BUY, 16, 40), new Order("bank-b", Side.SELL, 10, 30),
                new Order("fund-c", Side.SELL, 14, 25));
        LoopbackAuction.Options opt = new LoopbackAuction.Options();
        for (Order o : book) {
            AgentKey k = AgentKey.generate(RNG);
            KEYS.put(o.institution, k);
            AuctionParticipant p = new AuctionParticipant(o.institution, List.of(o), GRID, ID, k);
            PS.put(o.institution, p);
            opt.replace.put(o.institution, p);
        }
        outcome = LoopbackAuction.run(new String(ID), GRID, List.of(), 3, 30_000, null, opt);
        assertTrue(outcome.result.traded());
    }

    /** {@code inst}'s fill proof as a third party reads it, under {@code inst}'s registered key. */
    static FillProof proof(String inst) {
        return FillProof.fromBytes(PS.get(inst).proveFill(outcome.signed.statement()).toBytes(),
                KEYS.get(inst).publicKey());
    }

    static CommittedOrder order(String inst) {
        return CommittedOrder.fromBytes(PS.get(inst).committedOrder());
    }

    /** The same statement with one institution's masked bought value changed, signed by {@code keys}. */
    static SignedResult altered(String inst, BigInteger delta, AgentKey[] keys) {
        ResultStatement st = outcome.signed.statement();
        Map<String, ResultStatement.Entry> entries = new TreeMap<>(st.accepted());
        ResultStatement.Entry e = entries.get(inst);
        entries.put(inst, new ResultStatement.Entry(e.orderDigest(), e.maskedBought().add(delta), e.maskedSold()));
        ResultStatement bad = new ResultStatement(st.auctionId, st.gridDigest, st.priceIndex, st.price, st.volume,
                entries, st.rejected());
        List<byte[]> signed = new ArrayList<>();
        for (AgentKey k : keys) {
            signed.add(SignedResult.sign(bad, k));
        }
        return SignedResult.verify(signed, publicKeys(keys));
    }

    static List<AgentPublicKey> publicKeys(AgentKey[] k) {
        List<AgentPublicKey> out = new ArrayList<>();
        for (AgentKey key : k) {
            out.add(key.publicKey());
        }
        return out;
    }

    static AgentKey[] threeKeys() {
        return new AgentKey[] {AgentKey.generate(RNG), AgentKey.generate(RNG), AgentKey.generate(RNG)};
    }

    @Test
    void honestFillProofsVerifyFromPublicDataOnly() {
        for (String inst : PS.keySet()) {
            FillProof p = proof(inst);
            p.verify(SignedResult.verify(outcome.signed.encoded(), outcome.partyKeys), outcome.partyKeys, order(inst));
        }
        // bank-a is the short side (demand 40 < supply): filled completely, with the Schnorr proof.
        assertTrue(proof("bank-a").complete(0));
        assertEquals(40, outcome.result.fill("bank-a").bought);
        assertFalse(proof("bank-a").toString().contains("40"));
    }

    @Test
    void aWrongFillIsRejected() {
        AgentKey[] colluding = threeKeys();
        // Parties that sign a fill one larger than the real one: the honest proof no longer fits it ...
        SignedResult bigger = altered("bank-b", BigInteger.ONE, colluding);
        assertThrows(VerificationFailedException.class, () -> proof("bank-b").verify(bigger, publicKeys(colluding),
                order("bank-b")));
        // ... and an institution filled completely cannot be told it got more than it committed.
        SignedResult over = altered("bank-a", BigInteger.ONE, colluding);
        assertThrows(ProtocolAbortException.class, () -> PS.get("bank-a").acceptResult(over, publicKeys(colluding)));
        assertThrows(ProtocolAbortException.class, () -> PS.get("bank-a").proveFill(over.statement()));
        SignedResult under = altered("bank-a", BigInteger.ONE.negate(), colluding);
        assertThrows(VerificationFailedException.class, () -> proof("bank-a").verify(under, publicKeys(colluding),
                order("bank-a")));
    }

    @Test
    void aProofAgainstAnotherInstitutionsCommitmentsOrUnderAnotherKeyIsRejected() {
        VerificationFailedException other = assertThrows(VerificationFailedException.class,
                () -> proof("bank-a").verify(outcome.signed, outcome.partyKeys, order("fund-c")));
        assertTrue(other.getMessage().contains("not signed by the key that signed the fill proof"), other.getMessage());
        // bank-b's proof read under bank-a's registered key: not bank-a's signature.
        byte[] bankB = PS.get("bank-b").proveFill(outcome.signed.statement()).toBytes();
        assertThrows(VerificationFailedException.class, () -> FillProof.fromBytes(bankB, KEYS.get("bank-a").publicKey()));
    }

    @Test
    void everyTamperedByteOfAProofIsRejected() {
        byte[] b = proof("bank-a").toBytes();
        AgentPublicKey key = KEYS.get("bank-a").publicKey();
        for (int i = 0; i < b.length; i++) {
            byte[] t = b.clone();
            t[i] ^= (byte) (1 << (i % 8));
            try {
                FillProof.fromBytes(t, key).verify(outcome.signed, outcome.partyKeys, order("bank-a"));
                fail("byte " + i + " flipped and the proof still verifies");
            } catch (MalformedInputException | VerificationFailedException expected) {
                // rejected
            }
        }
    }

    @Test
    void forgedOrMissingPartySignaturesAreRejected() {
        List<byte[]> b = outcome.signed.encoded();
        List<byte[]> forged = outcome.signed.encoded();
        byte[] last = forged.get(2);
        last[last.length - 1] ^= 1; // last party's signature
        assertThrows(VerificationFailedException.class, () -> SignedResult.verify(forged, outcome.partyKeys));
        // two parties' results for three keys; party 1's result in party 2's place
        assertThrows(VerificationFailedException.class, () -> SignedResult.verify(b.subList(0, 2), outcome.partyKeys));
        assertThrows(VerificationFailedException.class, () -> SignedResult.verify(List.of(b.get(0), b.get(1), b.get(1)),
                outcome.partyKeys));
        byte[] cut = java.util.Arrays.copyOf(b.get(0), b.get(0).length - 1);
        assertThrows(MalformedInputException.class, () -> SignedResult.verify(List.of(cut, b.get(1), b.get(2)),
                outcome.partyKeys));
        // one party signs another statement than the others
        AgentKey[] keys = threeKeys();
        SignedResult other = altered("bank-b", BigInteger.ONE, keys);
        List<byte[]> mixed = new ArrayList<>(other.encoded());
        mixed.set(0, SignedResult.sign(outcome.signed.statement(), keys[0]));
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> SignedResult.verify(mixed, publicKeys(keys)));
        assertTrue(e.getMessage().contains("party 1 signed another result than party 0"), e.getMessage());
        AgentKey[] strangers = threeKeys();
        assertThrows(VerificationFailedException.class, () -> SignedResult.verify(b, publicKeys(strangers)));
        assertThrows(VerificationFailedException.class, () -> PS.get("bank-a").acceptResult(outcome.signed,
                publicKeys(strangers)));
        assertThrows(VerificationFailedException.class, () -> proof("bank-a").verify(outcome.signed, publicKeys(strangers),
                order("bank-a")));
    }

    @Test
    void resultStatementRoundTripsThroughEveryPartysSignature() {
        ResultStatement st = outcome.signed.statement();
        for (int i = 0; i < 3; i++) {
            assertEquals(st, org.veilgrid.core.cose.Signed.verify(outcome.signed.encoded().get(i), ResultStatement.TYPE,
                    outcome.partyKeys.get(i)).statement());
        }
        assertEquals(java.util.Set.of("bank-a", "bank-b", "fund-c"), st.accepted().keySet());
    }
}
