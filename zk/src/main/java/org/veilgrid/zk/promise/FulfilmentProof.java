package org.veilgrid.zk.promise;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import com.upokecenter.cbor.CBORObject;
import org.veilgrid.core.cbor.CborSizes;
import org.veilgrid.core.cbor.Cbor;
import org.veilgrid.core.cbor.CborItems;
import org.veilgrid.core.cbor.CborProfile;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.zk.bulletproofs.RangeParameters;
import org.veilgrid.zk.bulletproofs.RangeProof;
import org.veilgrid.zk.bulletproofs.RangeProver;
import org.veilgrid.zk.bulletproofs.RangeVerifier;
import org.veilgrid.zk.cbor.ZkItems;
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
 * <p>Encoding: deterministic CBOR, {@code [version 2, promise digest: bstr 32, receipt digest:
 * bstr 32, [claim] (1 to 16)]}, each claim {@code [kind, lhs ref, rhs ref, bits, proof]} (kinds 1
 * ≥, 2 ≤), {@code [3, ref, lo, hi, bits, proof]} (in range; lo, hi unsigned 64-bit) or
 * {@code [4, ref, commitment: bstr 32, proof]} (equals); a ref is {@code [source (0 promise, 1
 * receipt), name]}; a proof is the compact byte string of its {@link RangeProof} or {@link
 * EqualityProof}, read by that class's strict decoder. The proof is not signed: it refers to the
 * signed promise and receipt by digest, and verifies only against them.
 */
public final class FulfilmentProof {
    private static final String WHAT = "fulfilment proof";
    private static final int DIGEST_BYTES = 32;
    /** The longest proof body: a 2-value range proof of 64-bit values. */
    private static final int MAX_PROOF_BYTES = Math.max(new RangeParameters(64, 2).proofLength(), EqualityProof.LENGTH);
    /** The longest claim: ≥ or ≤ between two refs with 32-character names, 64 bits, the longest proof. */
    private static final int MAX_CLAIM_LENGTH = 1 + 1 + 2 * (1 + 1 + CborSizes.stringLength(Names.MAX_LENGTH))
            + CborSizes.headLength(64) + CborSizes.stringLength(MAX_PROOF_BYTES);
    /** The longest valid encoding: a bound for reading proof files (reached exactly). */
    public static final int MAX_LENGTH = 1 + 1 + 2 * CborSizes.stringLength(DIGEST_BYTES)
            + CborSizes.headLength(PromiseLimits.MAX_CLAIMS) + PromiseLimits.MAX_CLAIMS * MAX_CLAIM_LENGTH;
    private static final CborProfile PROFILE = new CborProfile(MAX_LENGTH, 4, MAX_PROOF_BYTES, Set.of());

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
     * promise and receipt (whose signatures were checked when they were read): that the receipt answers
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
        // the promise and the receipt were verified when read; here: do they belong together
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

    private static CBORObject encodeRef(TermRef r) {
        return CBORObject.NewArray().Add(r.source() == TermRef.Source.PROMISE ? 0 : 1).Add(r.name());
    }

    private static TermRef decodeRef(CBORObject item, String field) {
        CborItems.array(item, 2, field);
        int s = (int) CborItems.integer(item.get(0), 0, 1, field + ".source");
        return new TermRef(s == 0 ? TermRef.Source.PROMISE : TermRef.Source.RECEIPT,
                SignedTerms.name(item.get(1), field + ".name"));
    }

    /** The deterministic CBOR encoding (see the class comment). */
    public byte[] toBytes() {
        CBORObject list = CBORObject.NewArray();
        for (int i = 0; i < claims.size(); i++) {
            Claim c = claims.get(i);
            CBORObject claim = CBORObject.NewArray().Add(c.kind().code).Add(encodeRef(c.lhs()));
            switch (c.kind()) {
                case AT_LEAST:
                case AT_MOST:
                    claim.Add(encodeRef(c.rhs())).Add(c.bits());
                    break;
                case IN_RANGE:
                    claim.Add(ZkItems.unsigned64(c.lo())).Add(ZkItems.unsigned64(c.hi())).Add(c.bits());
                    break;
                default:
                    claim.Add(ZkItems.point(c.external()));
            }
            list.Add(claim.Add(CBORObject.FromObject(proofs.get(i))));
        }
        return Cbor.encode(CBORObject.NewArray().Add(ZkItems.VERSION).Add(CBORObject.FromObject(promiseDigest))
                .Add(CBORObject.FromObject(receiptDigest)).Add(list));
    }

    /**
     * Strict decoding: every claim well formed (a claim comparing a term with itself is refused),
     * every proof body decoded by its own strict decoder and of the size its claim needs.
     *
     * @throws MalformedInputException otherwise, or for a file of another version
     */
    public static FulfilmentProof fromBytes(byte[] b) {
        CBORObject file = ZkItems.openFile(b, PROFILE, WHAT, "VGFP", 4);
        byte[] pd = CborItems.bytes(file.get(1), DIGEST_BYTES, WHAT + ".promiseDigest");
        byte[] rd = CborItems.bytes(file.get(2), DIGEST_BYTES, WHAT + ".receiptDigest");
        CBORObject list = ZkItems.list(file.get(3), 1, PromiseLimits.MAX_CLAIMS, WHAT + ".claims");
        List<Claim> claims = new ArrayList<>();
        List<byte[]> proofs = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String field = WHAT + ".claims[" + i + "]";
            CBORObject item = list.get(i);
            ZkItems.list(item, 4, 6, field);
            Claim.Kind kind = Claim.Kind.of((int) CborItems.integer(item.get(0), 0, 255, field + ".kind"));
            if (kind == null) {
                throw new MalformedInputException(field + ".kind", "unknown claim kind");
            }
            int elements = kind == Claim.Kind.IN_RANGE ? 6 : kind == Claim.Kind.EQUALS ? 4 : 5;
            CborItems.array(item, elements, field);
            TermRef lhs = decodeRef(item.get(1), field + ".lhs");
            Claim c;
            try {
                switch (kind) {
                    case AT_LEAST:
                    case AT_MOST:
                        c = new Claim(kind, lhs, decodeRef(item.get(2), field + ".rhs"), 0, 0,
                                (int) CborItems.integer(item.get(3), 0, 64, field + ".bits"), null);
                        break;
                    case IN_RANGE:
                        c = new Claim(kind, lhs, null, ZkItems.unsigned64(item.get(2), field + ".lo"),
                                ZkItems.unsigned64(item.get(3), field + ".hi"),
                                (int) CborItems.integer(item.get(4), 0, 64, field + ".bits"), null);
                        break;
                    default:
                        c = new Claim(kind, lhs, null, 0, 0, 0, ZkItems.point(item.get(2), field + ".commitment"));
                }
            } catch (ParameterException e) {
                throw new MalformedInputException(field, "invalid claim: " + e.getMessage(), e);
            }
            byte[] proof = CborItems.bytes(item.get(elements - 1), 0, MAX_PROOF_BYTES, field + ".proof");
            // decode now so that a malformed proof is reported as such, before any verification
            if (kind == Claim.Kind.EQUALS) {
                EqualityProof.fromBytes(proof);
            } else {
                RangeProof rp = RangeProof.fromBytes(proof);
                if (rp.rounds() != new RangeParameters(c.bits(), 2).rounds()) {
                    throw new MalformedInputException(field + ".proof", "range proof size does not match the claim");
                }
            }
            claims.add(c);
            proofs.add(proof);
        }
        return new FulfilmentProof(pd, rd, List.copyOf(claims), List.copyOf(proofs));
    }
}
