package org.veilgrid.zk.promise;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.zk.bulletproofs.RangeParameters;
import org.veilgrid.zk.bulletproofs.RangeProof;
import org.veilgrid.zk.bulletproofs.RangeProver;
import org.veilgrid.zk.bulletproofs.RangeVerifier;
import org.veilgrid.zk.commit.PedersenGens;
import org.veilgrid.zk.group.RistrettoPoint;
import org.veilgrid.zk.group.Scalar;
import org.veilgrid.zk.sigma.EqualityProof;

/**
 * A proof that a promise was kept: claims about the committed terms of a promise and of its
 * receipt, each with a zero-knowledge proof, verifiable from public data only (the two signed
 * documents and the proof).
 *
 * <p>How each claim is proved, with C_x the commitment to term x and G the value base:
 * <ul>
 * <li>lhs ≥ rhs: an aggregated 2-value range proof that (C_lhs − C_rhs, C_rhs) commit to values in
 *     [0, 2^n); so rhs < 2^n and lhs − rhs ∈ [0, 2^n) with no wrap-around modulo ℓ.
 * <li>lhs ≤ rhs: the same for (C_rhs − C_lhs, C_lhs).
 * <li>lo ≤ x ≤ hi: a 2-value range proof for (C_x − lo·G, hi·G − C_x).
 * <li>x equals another party's commitment C: a Pedersen equality proof for (C_x, C).
 * </ul>
 * All range proofs are checked together in one batch MSM.
 *
 * <p>Encoding: "VGFP" ‖ version (1) ‖ promise digest (32) ‖ receipt digest (32) ‖ claim count (u8,
 * ≤ 16) ‖ claims, each: kind (u8) ‖ lhs ref ‖ [rhs ref] ‖ [lo u64 ‖ hi u64] ‖ [bits u8] ‖
 * [commitment 32] ‖ proof (u16 length ‖ bytes); a ref is source (u8: 0 promise, 1 receipt) ‖ name.
 */
public final class FulfilmentProof {
    static final String MAGIC = "VGFP";
    /** The longest claim on the wire: kind, two refs (or bounds), bits, proof length and the longest proof. */
    private static final int MAX_CLAIM_WIRE = 1 + 2 * (1 + PromiseLimits.MAX_NAME_BYTES) + 1 + 2
            + Math.max(new RangeParameters(64, 2).proofLength(), EqualityProof.LENGTH);
    /** The longest valid encoding: a bound for reading proof files. */
    public static final int MAX_LENGTH = 4 + 1 + 32 + 32 + 1 + PromiseLimits.MAX_CLAIMS * MAX_CLAIM_WIRE;

    private final byte[] promiseDigest;
    private final byte[] receiptDigest;
    private final List<Claim> claims;
    private final List<byte[]> proofs;

    private FulfilmentProof(byte[] promiseDigest, byte[] receiptDigest, List<Claim> claims, List<byte[]> proofs) {
        this.promiseDigest = promiseDigest;
        this.receiptDigest = receiptDigest;
        this.claims = claims;
        this.proofs = proofs;
    }

    public List<Claim> claims() {
        return claims;
    }

    private static RistrettoPoint commitment(Promise p, Receipt r, TermRef ref) {
        CommittedTerm t = ref.source() == TermRef.Source.PROMISE ? p.term(ref.name()) : r.term(ref.name());
        if (t == null) {
            throw new VerificationFailedException("claim refers to " + ref + ", which is not a committed term");
        }
        return t.commitment();
    }

    private static TermOpenings.Opening opening(TermOpenings po, TermOpenings ro, TermRef ref) {
        return ref.source() == TermRef.Source.PROMISE ? po.get(ref.name()) : ro.get(ref.name());
    }

    private static RistrettoPoint[] rangeCommitments(Claim c, Promise p, Receipt r) {
        PedersenGens pg = PedersenGens.standard();
        RistrettoPoint l = commitment(p, r, c.lhs());
        switch (c.kind()) {
            case AT_LEAST: {
                RistrettoPoint rr = commitment(p, r, c.rhs());
                return new RistrettoPoint[] {l.sub(rr), rr};
            }
            case AT_MOST: {
                RistrettoPoint rr = commitment(p, r, c.rhs());
                return new RistrettoPoint[] {rr.sub(l), l};
            }
            case IN_RANGE:
                return new RistrettoPoint[] {l.sub(pg.g().mul(Scalar.ofUnsignedLong(c.lo()))),
                    pg.g().mul(Scalar.ofUnsignedLong(c.hi())).sub(l)};
            default:
                throw new IllegalStateException();
        }
    }

    /**
     * Proves the claims. The promiser holds the promise's openings; the receipt's openings
     * came from the beneficiary.
     *
     * @throws ParameterException if a claim is false for the given openings (it cannot be proved)
     */
    public static FulfilmentProof prove(Promise promise, TermOpenings promiseOpenings, Receipt receipt,
                                        TermOpenings receiptOpenings, List<Claim> claims,
                                        java.security.SecureRandom rng) {
        return prove(promise, promiseOpenings, receipt, receiptOpenings, claims, List.of(), rng);
    }

    /**
     * As above, with the blinding of each EQUALS claim's other commitment, in claim order (the
     * other party shares it, e.g. both sides of a matched trade know the opening).
     */
    public static FulfilmentProof prove(Promise promise, TermOpenings promiseOpenings, Receipt receipt,
                                        TermOpenings receiptOpenings, List<Claim> claims,
                                        List<Scalar> equalityBlindings, java.security.SecureRandom rng) {
        int eq = 0;
        if (claims.isEmpty() || claims.size() > PromiseLimits.MAX_CLAIMS) {
            throw new ParameterException("a fulfilment proof has 1 to " + PromiseLimits.MAX_CLAIMS + " claims");
        }
        List<byte[]> proofs = new ArrayList<>();
        for (Claim c : claims) {
            TermOpenings.Opening l = opening(promiseOpenings, receiptOpenings, c.lhs());
            if (!l.commitment().equals(commitment(promise, receipt, c.lhs()))) {
                throw new ParameterException("the opening of " + c.lhs() + " does not match its commitment");
            }
            long[] values;
            Scalar[] blind;
            switch (c.kind()) {
                case AT_LEAST:
                case AT_MOST: {
                    TermOpenings.Opening r = opening(promiseOpenings, receiptOpenings, c.rhs());
                    if (!r.commitment().equals(commitment(promise, receipt, c.rhs()))) {
                        throw new ParameterException("the opening of " + c.rhs() + " does not match its commitment");
                    }
                    TermOpenings.Opening big = c.kind() == Claim.Kind.AT_LEAST ? l : r;
                    TermOpenings.Opening small = c.kind() == Claim.Kind.AT_LEAST ? r : l;
                    if (Long.compareUnsigned(big.value(), small.value()) < 0) {
                        throw new ParameterException("claim " + c.describe() + " is false; it cannot be proved");
                    }
                    values = new long[] {big.value() - small.value(), small.value()};
                    blind = new Scalar[] {big.blinding().sub(small.blinding()), small.blinding()};
                    break;
                }
                case IN_RANGE:
                    if (Long.compareUnsigned(l.value(), c.lo()) < 0 || Long.compareUnsigned(l.value(), c.hi()) > 0) {
                        throw new ParameterException("claim " + c.describe() + " is false; it cannot be proved");
                    }
                    values = new long[] {l.value() - c.lo(), c.hi() - l.value()};
                    blind = new Scalar[] {l.blinding(), l.blinding().negate()};
                    break;
                default: {
                    if (eq >= equalityBlindings.size()) {
                        throw new ParameterException("claim " + c.describe() + " needs the other commitment's blinding");
                    }
                    Scalar other = equalityBlindings.get(eq++);
                    PedersenGens.Opening theirs = new PedersenGens.Opening(Scalar.ofUnsignedLong(l.value()), other,
                            c.external());
                    if (!PedersenGens.standard().commit(theirs.value(), other).equals(c.external())) {
                        throw new ParameterException("claim " + c.describe() + " is false; it cannot be proved");
                    }
                    proofs.add(EqualityProof.prove(l.pedersen(), theirs, rng).toBytes());
                    continue;
                }
            }
            for (long v : values) {
                if (c.bits() < 64 && (v >>> c.bits()) != 0) {
                    throw new ParameterException("claim " + c.describe() + " needs more than " + c.bits() + " bits");
                }
            }
            proofs.add(RangeProver.prove(new RangeParameters(c.bits(), 2), values, blind, rng).proof().toBytes());
        }
        return new FulfilmentProof(promise.digest(), receipt.digest(), List.copyOf(claims), List.copyOf(proofs));
    }

    /**
     * Verifies that this proof proves exactly the claims the verifier requires, about this
     * promise and receipt: the promise's and the receipt's signatures, that the receipt answers
     * the promise, that the proof is about both, that its claims are the {@code required} ones
     * (compared by {@link Claim#sameStatement}, in any order, no more and no fewer) and every
     * claim's proof. The verifier states the claims because the prover chooses what it proves: a
     * valid proof of some other claim says nothing about whether the promise was kept.
     *
     * @throws VerificationFailedException if anything does not hold
     * @throws ParameterException if {@code required} is empty or longer than 16 claims
     */
    public void verify(Promise promise, Receipt receipt, List<Claim> required) {
        if (required == null || required.isEmpty() || required.size() > PromiseLimits.MAX_CLAIMS) {
            throw new ParameterException("the verifier must state 1 to " + PromiseLimits.MAX_CLAIMS + " required claims");
        }
        promise.verifySignature();
        receipt.verifyFor(promise);
        if (!Arrays.equals(promiseDigest, promise.digest()) || !Arrays.equals(receiptDigest, receipt.digest())) {
            throw new VerificationFailedException("fulfilment proof is about another promise or receipt");
        }
        requireClaims(required);
        List<RangeVerifier.Statement> batch = new ArrayList<>();
        for (int i = 0; i < claims.size(); i++) {
            Claim c = claims.get(i);
            byte[] pb = proofs.get(i);
            if (c.kind() == Claim.Kind.EQUALS) {
                EqualityProof.fromBytes(pb).verify(commitment(promise, receipt, c.lhs()), c.external());
            } else {
                batch.add(new RangeVerifier.Statement(new RangeParameters(c.bits(), 2),
                        rangeCommitments(c, promise, receipt), RangeProof.fromBytes(pb)));
            }
        }
        try {
            RangeVerifier.verifyBatch(batch);
        } catch (VerificationFailedException e) {
            throw new VerificationFailedException("a range claim of the fulfilment proof does not verify", e);
        }
    }

    /** The proof's claims must be the required ones, as a multiset. */
    private void requireClaims(List<Claim> required) {
        List<Claim> missing = new ArrayList<>(required);
        for (Claim c : claims) {
            int at = -1;
            for (int i = 0; i < missing.size() && at < 0; i++) {
                if (missing.get(i).sameStatement(c)) {
                    at = i;
                }
            }
            if (at < 0) {
                throw new VerificationFailedException("the proof proves " + c.describe() + ", which is not a required claim");
            }
            missing.remove(at);
        }
        if (!missing.isEmpty()) {
            throw new VerificationFailedException("the proof does not prove the required claim " + missing.get(0).describe());
        }
    }

    // ------------------------------------------------------------------ encoding

    private static void writeRef(WireWriter w, TermRef r) {
        w.u8(r.source() == TermRef.Source.PROMISE ? 0 : 1).name(r.name());
    }

    private static TermRef readRef(WireReader r) {
        int s = r.u8("ref.source");
        if (s > 1) {
            throw new MalformedInputException("FulfilmentProof.ref.source", "must be 0 (promise) or 1 (receipt)");
        }
        return new TermRef(s == 0 ? TermRef.Source.PROMISE : TermRef.Source.RECEIPT, r.name("ref.name"));
    }

    public byte[] toBytes() {
        WireWriter w = new WireWriter().magic(MAGIC).u8(1).bytes(promiseDigest).bytes(receiptDigest).u8(claims.size());
        for (int i = 0; i < claims.size(); i++) {
            Claim c = claims.get(i);
            w.u8(c.kind().code);
            writeRef(w, c.lhs());
            switch (c.kind()) {
                case AT_LEAST:
                case AT_MOST:
                    writeRef(w, c.rhs());
                    w.u8(c.bits());
                    break;
                case IN_RANGE:
                    w.u64(c.lo()).u64(c.hi()).u8(c.bits());
                    break;
                default:
                    w.point(c.external());
            }
            w.u16(proofs.get(i).length).bytes(proofs.get(i));
        }
        return w.toBytes();
    }

    public static FulfilmentProof fromBytes(byte[] b) {
        WireReader r = new WireReader("FulfilmentProof", b);
        r.magic(MAGIC);
        if (r.u8("version") != 1) {
            throw new MalformedInputException("FulfilmentProof.version", "unsupported version");
        }
        byte[] pd = r.bytes("promiseDigest", 32);
        byte[] rd = r.bytes("receiptDigest", 32);
        int n = r.u8("claims.count");
        if (n == 0 || n > PromiseLimits.MAX_CLAIMS) {
            throw new MalformedInputException("FulfilmentProof.claims", "count must be 1 to " + PromiseLimits.MAX_CLAIMS);
        }
        List<Claim> claims = new ArrayList<>();
        List<byte[]> proofs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Claim.Kind kind = Claim.Kind.of(r.u8("claim.kind"));
            if (kind == null) {
                throw new MalformedInputException("FulfilmentProof.claim.kind", "unknown claim kind");
            }
            TermRef lhs = readRef(r);
            Claim c;
            try {
                switch (kind) {
                    case AT_LEAST:
                    case AT_MOST: {
                        TermRef rhs = readRef(r);
                        int bits = r.u8("claim.bits");
                        c = new Claim(kind, lhs, rhs, 0, 0, bits, null);
                        break;
                    }
                    case IN_RANGE: {
                        long lo = r.u64("claim.lo");
                        long hi = r.u64("claim.hi");
                        c = new Claim(kind, lhs, null, lo, hi, r.u8("claim.bits"), null);
                        break;
                    }
                    default:
                        c = new Claim(kind, lhs, null, 0, 0, 0, r.point("claim.commitment"));
                }
            } catch (ParameterException e) {
                throw new MalformedInputException("FulfilmentProof.claim", "invalid claim: " + e.getMessage(), e);
            }
            int len = r.u16("proof.length");
            byte[] proof = r.bytes("proof", len);
            // decode now so that a malformed proof is reported as such, before any verification
            if (kind == Claim.Kind.EQUALS) {
                EqualityProof.fromBytes(proof);
            } else {
                RangeProof rp = RangeProof.fromBytes(proof);
                if (rp.rounds() != new RangeParameters(c.bits(), 2).rounds()) {
                    throw new MalformedInputException("FulfilmentProof.proof", "range proof size does not match the claim");
                }
            }
            claims.add(c);
            proofs.add(proof);
        }
        r.end();
        return new FulfilmentProof(pd, rd, List.copyOf(claims), List.copyOf(proofs));
    }
}
