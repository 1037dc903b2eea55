package org.veilgrid.zk.promise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.VeilException;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.core.cose.Signed;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.zk.bulletproofs.RangeParameters;
import org.veilgrid.zk.bulletproofs.RangeProof;
import org.veilgrid.zk.bulletproofs.RangeProofBundle;
import org.veilgrid.zk.cbor.ZkItems;
import org.veilgrid.zk.commit.PedersenGens;
import org.veilgrid.zk.group.RistrettoPoint;
import org.veilgrid.zk.group.Scalar;

class PromiseTest {
    private static final SecureRandom RNG = new SecureRandom();
    private AgentKey agent;
    private AgentKey client;
    private TermOpenings promised;
    private Promise promise;
    private TermOpenings delivered;
    private Receipt receipt;

    @BeforeEach
    void setUp() {
        agent = AgentKey.generate(RNG);
        client = AgentKey.generate(RNG);
        Map<String, Long> terms = new LinkedHashMap<>();
        terms.put("quantity", 1000L);
        terms.put("price_limit", 250L);
        terms.put("deadline", 1_800_000_000L);
        promised = TermOpenings.commit(terms, RNG);
        promise = Promise.make(agent, client.publicKey(), "complete 1000 tokens of request 7f3a", promised.commitments(),
                1_790_000_000L, RNG);
        Map<String, Long> got = new LinkedHashMap<>();
        got.put("delivered", 1200L);
        got.put("price_paid", 240L);
        got.put("completed_at", 1_799_999_000L);
        delivered = TermOpenings.commit(got, RNG);
        receipt = Receipt.make(client, promise, "received", delivered.commitments(), 1_800_000_100L);
    }

    private List<Claim> claims() {
        return List.of(
                Claim.atLeast(TermRef.receipt("delivered"), TermRef.promise("quantity"), 32),
                Claim.atMost(TermRef.receipt("price_paid"), TermRef.promise("price_limit"), 32),
                Claim.atMost(TermRef.receipt("completed_at"), TermRef.promise("deadline"), 64),
                Claim.inRange(TermRef.promise("price_limit"), 100, 300, 16));
    }

    @Test
    void promiseKeptVerifiesFromPublicData() {
        FulfilmentProof proof = FulfilmentProof.prove(promise, promised, receipt, delivered, claims(), RNG);
        // the verifier sees only encodings
        Promise p = Promise.fromBytes(promise.toBytes());
        Receipt r = Receipt.fromBytes(receipt.toBytes());
        FulfilmentProof f = FulfilmentProof.fromBytes(proof.toBytes());
        f.verify(p, r, claims());
        assertEquals(4, f.claims().size());
        assertArrayEquals(promise.toBytes(), p.toBytes());
        assertArrayEquals(proof.toBytes(), f.toBytes());
        TermOpenings again = TermOpenings.fromBytes(promised.toBytes());
        assertEquals(promised.get("quantity").value(), again.get("quantity").value());
    }

    @Test
    void brokenPromisesCannotBeProved() {
        Map<String, Long> got = new LinkedHashMap<>();
        got.put("delivered", 999L);
        got.put("price_paid", 260L);
        got.put("completed_at", 1_800_000_001L);
        TermOpenings short1 = TermOpenings.commit(got, RNG);
        Receipt bad = Receipt.make(client, promise, "received", short1.commitments(), 1L);
        for (Claim c : claims().subList(0, 3)) {
            assertThrows(ParameterException.class,
                    () -> FulfilmentProof.prove(promise, promised, bad, short1, List.of(c), RNG), c.describe());
        }
        // a valid proof for the honest receipt does not verify against the bad receipt
        FulfilmentProof proof = FulfilmentProof.prove(promise, promised, receipt, delivered, claims(), RNG);
        assertThrows(VerificationFailedException.class, () -> proof.verify(promise, bad, claims()));
    }

    @Test
    void signaturesAndBindingsAreChecked() {
        FulfilmentProof proof = FulfilmentProof.prove(promise, promised, receipt, delivered, claims(), RNG);
        // receipt signed by someone other than the beneficiary
        Receipt forged = Receipt.make(agent, promise, "received", delivered.commitments(), 1_800_000_100L);
        assertThrows(VerificationFailedException.class, () -> proof.verify(promise, forged, claims()));
        // another promise
        Promise other = Promise.make(agent, client.publicKey(), "x", promised.commitments(), 1L, RNG);
        assertThrows(VerificationFailedException.class, () -> proof.verify(other, receipt, claims()));
        // tampered signed bytes: one bit of the public terms
        byte[] pb = promise.toBytes();
        pb[indexOf(pb, "complete 1000".getBytes(java.nio.charset.StandardCharsets.UTF_8))] ^= 1;
        assertThrows(VerificationFailedException.class, () -> Promise.fromBytes(pb));
    }

    @Test
    void equalityWithAnotherPartysCommitment() {
        Scalar theirBlinding = Scalar.random(RNG);
        RistrettoPoint theirs = PedersenGens.standard().commit(Scalar.ofLong(1200), theirBlinding);
        List<Claim> c = List.of(Claim.equalsCommitment(TermRef.receipt("delivered"), theirs));
        FulfilmentProof proof = FulfilmentProof.prove(promise, promised, receipt, delivered, c, List.of(theirBlinding), RNG);
        FulfilmentProof.fromBytes(proof.toBytes()).verify(promise, receipt, c);
        RistrettoPoint different = PedersenGens.standard().commit(Scalar.ofLong(1201), theirBlinding);
        assertThrows(ParameterException.class, () -> FulfilmentProof.prove(promise, promised, receipt, delivered,
                List.of(Claim.equalsCommitment(TermRef.receipt("delivered"), different)), List.of(theirBlinding), RNG));
    }

    @Test
    void everyByteOfAFulfilmentProofMatters() {
        FulfilmentProof proof = FulfilmentProof.prove(promise, promised, receipt, delivered,
                List.of(claims().get(0)), RNG);
        byte[] enc = proof.toBytes();
        for (int i = 0; i < enc.length; i++) {
            byte[] t = enc.clone();
            t[i] ^= (byte) (1 << (i % 8));
            final int pos = i;
            VeilException e = assertThrows(VeilException.class,
                    () -> FulfilmentProof.fromBytes(t).verify(promise, receipt, List.of(claims().get(0))), "byte " + pos);
            org.junit.jupiter.api.Assertions.assertTrue(
                    e instanceof MalformedInputException || e instanceof VerificationFailedException);
        }
    }

    @Test
    void decodersRejectTruncationAndTrailingBytes() {
        byte[] p = promise.toBytes();
        assertThrows(MalformedInputException.class, () -> Promise.fromBytes(java.util.Arrays.copyOf(p, p.length - 1)));
        assertThrows(MalformedInputException.class, () -> Promise.fromBytes(java.util.Arrays.copyOf(p, p.length + 1)));
        byte[] r = receipt.toBytes();
        assertThrows(MalformedInputException.class, () -> Receipt.fromBytes(java.util.Arrays.copyOf(r, 10)));
        assertThrows(MalformedInputException.class, () -> TermOpenings.fromBytes(new byte[] {'V', 'G', 'O', 'P', 2, 0}));
        byte[] o = promised.toBytes();
        assertThrows(MalformedInputException.class, () -> TermOpenings.fromBytes(java.util.Arrays.copyOf(o, o.length + 1)));
    }

    @Test
    void aProofOfAnotherClaimThanTheRequiredOneDoesNotVerify() {
        Claim required = Claim.atLeast(TermRef.receipt("delivered"), TermRef.promise("quantity"), 32);
        Claim other = Claim.atMost(TermRef.receipt("price_paid"), TermRef.promise("price_limit"), 32);
        FulfilmentProof proof = FulfilmentProof.prove(promise, promised, receipt, delivered, List.of(other), RNG);
        proof.verify(promise, receipt, List.of(other));
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> proof.verify(promise, receipt, List.of(required)));
        assertTrue(e.getMessage().contains("not a required claim"), e.getMessage());
        // the reversed comparison (paid >= limit) is another claim, too
        assertThrows(VerificationFailedException.class, () -> proof.verify(promise, receipt,
                List.of(Claim.atLeast(TermRef.receipt("price_paid"), TermRef.promise("price_limit"), 32))));
        // other bounds are another claim
        FulfilmentProof range = FulfilmentProof.prove(promise, promised, receipt, delivered,
                List.of(Claim.inRange(TermRef.promise("price_limit"), 100, 300, 16)), RNG);
        assertThrows(VerificationFailedException.class, () -> range.verify(promise, receipt,
                List.of(Claim.inRange(TermRef.promise("price_limit"), 200, 300, 16))));
    }

    @Test
    void theProofMustProveEveryRequiredClaimAndNoOther() {
        FulfilmentProof two = FulfilmentProof.prove(promise, promised, receipt, delivered, claims().subList(0, 2), RNG);
        two.verify(promise, receipt, List.of(claims().get(1), claims().get(0))); // any order
        VerificationFailedException fewer = assertThrows(VerificationFailedException.class,
                () -> two.verify(promise, receipt, claims().subList(0, 3)));
        assertTrue(fewer.getMessage().contains("does not prove the required claim"), fewer.getMessage());
        assertThrows(VerificationFailedException.class, () -> two.verify(promise, receipt, claims().subList(0, 1)));
        assertThrows(ParameterException.class, () -> two.verify(promise, receipt, List.of()));
    }

    @Test
    void theBitWidthIsTheProversChoiceAndNotPartOfTheClaim() {
        FulfilmentProof proof = FulfilmentProof.prove(promise, promised, receipt, delivered,
                List.of(Claim.atLeast(TermRef.receipt("delivered"), TermRef.promise("quantity"), 16)), RNG);
        proof.verify(promise, receipt, List.of(Claim.atLeast(TermRef.receipt("delivered"), TermRef.promise("quantity"), 64)));
    }

    @Test
    void aLessOrEqualClaimIsTheSameStatementAsTheGreaterOrEqualOneTheOtherWayRound() {
        FulfilmentProof proof = FulfilmentProof.prove(promise, promised, receipt, delivered,
                List.of(Claim.atLeast(TermRef.receipt("delivered"), TermRef.promise("quantity"), 32)), RNG);
        proof.verify(promise, receipt, List.of(Claim.atMost(TermRef.promise("quantity"), TermRef.receipt("delivered"), 32)));
        assertThrows(VerificationFailedException.class, () -> proof.verify(promise, receipt,
                List.of(Claim.atMost(TermRef.receipt("delivered"), TermRef.promise("quantity"), 32))));
    }

    @Test
    void aClaimComparingATermWithItselfIsRefused() {
        ParameterException e = assertThrows(ParameterException.class,
                () -> Claim.atLeast(TermRef.receipt("delivered"), TermRef.receipt("delivered"), 32));
        assertTrue(e.getMessage().contains("with itself"), e.getMessage());
        assertThrows(ParameterException.class, () -> Claim.atMost(TermRef.promise("quantity"), TermRef.promise("quantity"), 8));
    }

    @Test
    void aProofFileWithATrivialClaimDoesNotDecode() {
        // Prove receipt.aa >= receipt.ab, then rename ab to aa in the encoding: x >= x.
        Map<String, Long> got = new LinkedHashMap<>();
        got.put("aa", 5L);
        got.put("ab", 3L);
        TermOpenings o = TermOpenings.commit(got, RNG);
        Receipt r = Receipt.make(client, promise, "", o.commitments(), 1L);
        FulfilmentProof proof = FulfilmentProof.prove(promise, promised, r, o,
                List.of(Claim.atLeast(TermRef.receipt("aa"), TermRef.receipt("ab"), 8)), RNG);
        byte[] b = proof.toBytes();
        int at = indexOf(b, new byte[] {0x62, 'a', 'b'}); // the text "ab": the rhs name
        b[at + 2] = 'a';
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> FulfilmentProof.fromBytes(b));
        assertTrue(e.getMessage().contains("with itself"), e.getMessage());
    }

    @Test
    void openingsHoldUpToSixtyFourValuesWhilePromisesKeepSixteenTerms() {
        Map<String, Long> values = new LinkedHashMap<>();
        for (int i = 0; i < 64; i++) {
            values.put("v" + i, (long) i);
        }
        TermOpenings o = TermOpenings.commit(values, RNG);
        assertEquals(64, TermOpenings.fromBytes(o.toBytes()).all().size());
        values.put("v64", 64L);
        assertThrows(ParameterException.class, () -> TermOpenings.commit(values, RNG));
        assertThrows(ParameterException.class, () -> Promise.make(agent, client.publicKey(), "", o.commitments(), 0, RNG));
    }

    @Test
    void theLargestEncodingsHaveExactlyTheAdvertisedMaximumLength() {
        Map<String, Long> mine = new LinkedHashMap<>();
        Map<String, Long> theirs = new LinkedHashMap<>();
        for (int i = 0; i < 16; i++) {
            mine.put(String.format("p%031d", i), 1L);
            theirs.put(String.format("r%031d", i), 2L);
            // the longest values take 9 bytes in CBOR
        }
        TermOpenings po = TermOpenings.commit(mine, RNG);
        TermOpenings ro = TermOpenings.commit(theirs, RNG);
        String text = "x".repeat(4096);
        Promise p = Promise.make(agent, client.publicKey(), text, po.commitments(), Long.MAX_VALUE, RNG);
        Receipt r = Receipt.make(client, p, text, ro.commitments(), Long.MAX_VALUE);
        assertEquals(Promise.MAX_LENGTH, p.toBytes().length);
        assertEquals(Receipt.MAX_LENGTH, r.toBytes().length);
        List<Claim> claims = new java.util.ArrayList<>();
        for (int i = 0; i < 16; i++) {
            claims.add(Claim.atLeast(TermRef.receipt(String.format("r%031d", i)), TermRef.promise(String.format("p%031d", i)), 64));
        }
        assertEquals(FulfilmentProof.MAX_LENGTH, FulfilmentProof.prove(p, po, r, ro, claims, RNG).toBytes().length);
        Map<String, Long> many = new LinkedHashMap<>();
        for (int i = 0; i < 64; i++) {
            many.put(String.format("v%031d", i), -1L); // 2^64 - 1
        }
        assertEquals(TermOpenings.MAX_LENGTH, TermOpenings.commit(many, RNG).toBytes().length);
        // a range proof file of 64 values of 64 bits (all-zero elements decode: identity points, zero scalars)
        RangeParameters params = new RangeParameters(64, 64);
        RistrettoPoint[] identities = new RistrettoPoint[64];
        java.util.Arrays.fill(identities, RistrettoPoint.IDENTITY);
        RangeProofBundle bundle = new RangeProofBundle(params, identities, RangeProof.fromBytes(new byte[params.proofLength()]));
        assertEquals(RangeProofBundle.MAX_LENGTH, bundle.toBytes().length);
        assertArrayEquals(bundle.toBytes(), RangeProofBundle.fromBytes(bundle.toBytes()).toBytes());
    }

    @Test
    void everyStatementAndFileRoundTrips() {
        Promise p = Promise.fromBytes(promise.toBytes());
        assertEquals(promise.statement(), p.statement());
        assertEquals(agent.publicKey(), p.promiser());
        assertEquals(client.publicKey(), p.beneficiary());
        assertEquals(1_790_000_000L, p.issuedAt());
        assertEquals(promised.commitments(), p.terms());
        Receipt r = Receipt.fromBytes(receipt.toBytes());
        assertEquals(receipt.statement(), r.statement());
        assertArrayEquals(promise.digest(), r.statement().promiseDigest());
        FulfilmentProof f = FulfilmentProof.prove(promise, promised, receipt, delivered, claims(), RNG);
        assertArrayEquals(f.toBytes(), FulfilmentProof.fromBytes(f.toBytes()).toBytes());
        assertEquals(claims(), FulfilmentProof.fromBytes(f.toBytes()).claims());
        Map<String, Long> extremes = new LinkedHashMap<>();
        extremes.put("zero", 0L);
        extremes.put("max", -1L);
        TermOpenings o = TermOpenings.commit(extremes, RNG);
        TermOpenings back = TermOpenings.fromBytes(o.toBytes());
        assertEquals(-1L, back.get("max").value());
        assertEquals(o.commitments(), back.commitments());
        assertArrayEquals(o.toBytes(), back.toBytes());
        // claims with unsigned bounds above 2^63 survive the encoding
        FulfilmentProof wide = FulfilmentProof.prove(promise, promised, receipt, delivered,
                List.of(Claim.inRange(TermRef.promise("quantity"), 0, -1L, 64)), RNG);
        assertEquals(-1L, FulfilmentProof.fromBytes(wide.toBytes()).claims().get(0).hi());
    }

    @Test
    void promisesAndReceiptsAreCoseSign1OfTheirOwnContentType() {
        byte[] p = promise.toBytes();
        byte[] r = receipt.toBytes();
        assertEquals((byte) 0xd2, p[0]);
        assertEquals((byte) 0xd2, r[0]);
        assertEquals(promise.statement(), Signed.verify(p, Promise.TYPE, agent.publicKey()).statement());
        assertEquals(receipt.statement(), Signed.verify(r, Receipt.TYPE, client.publicKey()).statement());
        // one type does not verify as the other
        VerificationFailedException asReceipt = assertThrows(VerificationFailedException.class, () -> Receipt.fromBytes(p));
        assertTrue(asReceipt.getMessage().contains(Promise.CONTENT_TYPE), asReceipt.getMessage());
        assertThrows(VerificationFailedException.class, () -> Promise.fromBytes(r));
        assertThrows(VerificationFailedException.class, () -> Signed.verify(p, Receipt.TYPE, agent.publicKey()));
        // nor under another key than the signer's
        assertThrows(VerificationFailedException.class, () -> Signed.verify(p, Promise.TYPE, client.publicKey()));
    }

    @Test
    void aPromiseSignedByAnotherKeyThanThePromiserItNamesIsRefused() {
        // a statement naming the agent as promiser, signed by the client
        byte[] forged = Signed.sign(promise.statement(), Promise.TYPE, client).encoded();
        VerificationFailedException e = assertThrows(VerificationFailedException.class, () -> Promise.fromBytes(forged));
        assertTrue(e.getMessage().contains("not by the expected key"), e.getMessage());
        byte[] forgedReceipt = Signed.sign(receipt.statement(), Receipt.TYPE, agent).encoded();
        assertThrows(VerificationFailedException.class, () -> Receipt.fromBytes(forgedReceipt));
    }

    @Test
    void everyFlippedBitAndEveryTruncationOfAPromiseOrReceiptIsRefused() {
        Map<byte[], java.util.function.Consumer<byte[]>> readers = Map.of(
                promise.toBytes(), Promise::fromBytes, receipt.toBytes(), Receipt::fromBytes);
        for (Map.Entry<byte[], java.util.function.Consumer<byte[]>> e : readers.entrySet()) {
            byte[] enc = e.getKey();
            java.util.function.Consumer<byte[]> read = e.getValue();
            for (int i = 0; i < enc.length; i++) {
                for (int bit = 0; bit < 8; bit++) {
                    byte[] t = enc.clone();
                    t[i] ^= (byte) (1 << bit);
                    assertThrows(VeilException.class, () -> read.accept(t), "byte " + i + " bit " + bit);
                }
            }
            for (int n = 0; n < enc.length; n++) {
                byte[] cut = java.util.Arrays.copyOf(enc, n);
                assertThrows(VeilException.class, () -> read.accept(cut), "length " + n);
            }
        }
    }

    @Test
    void everyTruncationOfAProofOrOpeningsFileIsRefused() {
        byte[] proof = FulfilmentProof.prove(promise, promised, receipt, delivered, List.of(claims().get(0)), RNG).toBytes();
        byte[] openings = promised.toBytes();
        for (int n = 0; n < proof.length; n++) {
            byte[] cut = java.util.Arrays.copyOf(proof, n);
            assertThrows(MalformedInputException.class, () -> FulfilmentProof.fromBytes(cut), "length " + n);
        }
        for (int n = 0; n < openings.length; n++) {
            byte[] cut = java.util.Arrays.copyOf(openings, n);
            assertThrows(MalformedInputException.class, () -> TermOpenings.fromBytes(cut), "length " + n);
        }
    }

    @Test
    void filesOfTheEarlierByteFormatOrAnotherVersionAreRefusedNamingTheVersion() {
        byte[] old = new byte[300];
        System.arraycopy(new byte[] {'V', 'G', 'P', 'R', 1}, 0, old, 0, 5);
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> Promise.fromBytes(old));
        assertTrue(e.getMessage().contains("version-1 promise") && e.getMessage().contains("reads version 2"), e.getMessage());
        old[2] = 'F';
        old[3] = 'P';
        e = assertThrows(MalformedInputException.class, () -> FulfilmentProof.fromBytes(old));
        assertTrue(e.getMessage().contains("version-1 fulfilment proof"), e.getMessage());
        // a version-3 openings file (same shape, another version number)
        byte[] v3 = promised.toBytes();
        assertEquals(ZkItems.VERSION, v3[1]);
        v3[1] = 3;
        e = assertThrows(MalformedInputException.class, () -> TermOpenings.fromBytes(v3));
        assertTrue(e.getMessage().contains("version-3 openings") && e.getMessage().contains("reads version 2"), e.getMessage());
        // not CBOR at all
        e = assertThrows(MalformedInputException.class, () -> Receipt.fromBytes("hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        assertTrue(e.getMessage().contains("older Veilgrid format"), e.getMessage());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
