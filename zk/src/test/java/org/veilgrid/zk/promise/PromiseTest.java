package org.veilgrid.zk.promise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
import org.veilgrid.zk.commit.PedersenGens;
import org.veilgrid.zk.group.RistrettoPoint;
import org.veilgrid.zk.group.Scalar;

class PromiseTest {
    private static final SecureRandom RNG = new SecureRandom();
    private AgentKeys agent;
    private AgentKeys client;
    private TermOpenings promised;
    private Promise promise;
    private TermOpenings delivered;
    private Receipt receipt;

    @BeforeEach
    void setUp() {
        agent = AgentKeys.generate(RNG);
        client = AgentKeys.generate(RNG);
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
        f.verify(p, r);
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
        assertThrows(VerificationFailedException.class, () -> proof.verify(promise, bad));
    }

    @Test
    void signaturesAndBindingsAreChecked() {
        FulfilmentProof proof = FulfilmentProof.prove(promise, promised, receipt, delivered, claims(), RNG);
        // receipt signed by someone other than the beneficiary
        Receipt forged = Receipt.make(agent, promise, "received", delivered.commitments(), 1_800_000_100L);
        assertThrows(VerificationFailedException.class, () -> proof.verify(promise, forged));
        // another promise
        Promise other = Promise.make(agent, client.publicKey(), "x", promised.commitments(), 1L, RNG);
        assertThrows(VerificationFailedException.class, () -> proof.verify(other, receipt));
        // tampered signed bytes
        byte[] pb = promise.toBytes();
        pb[40] ^= 1;
        assertThrows(VerificationFailedException.class, () -> Promise.fromBytes(pb).verifySignature());
    }

    @Test
    void equalityWithAnotherPartysCommitment() {
        Scalar theirBlinding = Scalar.random(RNG);
        RistrettoPoint theirs = PedersenGens.standard().commit(Scalar.ofLong(1200), theirBlinding);
        List<Claim> c = List.of(Claim.equalsCommitment(TermRef.receipt("delivered"), theirs));
        FulfilmentProof proof = FulfilmentProof.prove(promise, promised, receipt, delivered, c, List.of(theirBlinding), RNG);
        FulfilmentProof.fromBytes(proof.toBytes()).verify(promise, receipt);
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
                    () -> FulfilmentProof.fromBytes(t).verify(promise, receipt), "byte " + pos);
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
    }
}
