package org.veilgrid.zk.promise;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import com.upokecenter.cbor.CBORObject;
import org.veilgrid.core.cbor.CborSizes;
import org.veilgrid.core.cbor.CborItems;
import org.veilgrid.core.cbor.CborProfile;
import org.veilgrid.core.cose.Signed;
import org.veilgrid.core.cose.StatementType;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.core.identity.AgentPublicKey;
import org.veilgrid.zk.cbor.ZkItems;

/**
 * A receipt: the beneficiary's signed statement about what happened under a promise (e.g.
 * delivered quantity, price paid), with the promise's digest, public remarks and committed terms.
 * The beneficiary hands the openings of its commitments to the promiser, who can then prove
 * claims relating them to the promise's terms.
 *
 * <p>Encoding: a COSE_Sign1 of content type {@value #CONTENT_TYPE}, domain {@value #DOMAIN}, over
 * {@code [promise digest: bstr 32, signer: bstr 32, issued-at: uint, public terms: tstr,
 * [[name, commitment]] (≤ 16)]} (terms as in {@link Promise}). {@link #fromBytes} checks the
 * signature of the signer the receipt names; {@link #verifyFor} that this is the promise's
 * beneficiary and the promise is the one the receipt answers.
 */
public final class Receipt {
    /** The COSE content type of a receipt. */
    public static final String CONTENT_TYPE = "application/vnd.veilgrid.zk-receipt+cbor";
    /** The domain every receipt signature covers (COSE external AAD). */
    public static final String DOMAIN = "veilgrid/zk/receipt/2";
    private static final int DIGEST_BYTES = 32;
    private static final CborProfile PROFILE = new CborProfile(1 + CborSizes.stringLength(DIGEST_BYTES)
            + CborSizes.stringLength(AgentPublicKey.BYTES) + 9
            + CborSizes.stringLength(PromiseLimits.MAX_PUBLIC_TERMS_BYTES) + SignedTerms.maxTermsLength(), 3,
            PromiseLimits.MAX_PUBLIC_TERMS_BYTES, Set.of());
    /** The receipt statement's type. */
    public static final StatementType<Statement> TYPE =
            StatementType.of(CONTENT_TYPE, DOMAIN, PROFILE, Receipt::encode, Receipt::decode);
    /** The longest valid encoding: a bound for reading receipt files (reached exactly). */
    public static final int MAX_LENGTH = Signed.maxLength(TYPE);

    /**
     * What the beneficiary signs.
     *
     * @param promiseDigest SHA-256 of the promise's encoding
     * @param signer        who signs (must be the promise's beneficiary)
     * @param issuedAt      seconds since the epoch
     * @param publicTerms   public remarks, UTF-8 text of at most 4096 bytes
     * @param terms         committed terms, at most 16, names unique
     */
    public record Statement(byte[] promiseDigest, AgentPublicKey signer, long issuedAt, String publicTerms,
                            List<CommittedTerm> terms) {
        public Statement {
            if (promiseDigest == null || promiseDigest.length != DIGEST_BYTES) {
                throw new ParameterException("a promise digest is " + DIGEST_BYTES + " bytes");
            }
            Objects.requireNonNull(signer, "signer");
            if (issuedAt < 0) {
                throw new ParameterException("issued-at must not be negative");
            }
            promiseDigest = promiseDigest.clone();
            publicTerms = SignedTerms.checkPublicTerms(publicTerms);
            terms = SignedTerms.checkTerms(terms);
        }

        @Override
        public byte[] promiseDigest() {
            return promiseDigest.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Statement s && Arrays.equals(promiseDigest, s.promiseDigest) && signer.equals(s.signer)
                    && issuedAt == s.issuedAt && publicTerms.equals(s.publicTerms) && terms.equals(s.terms);
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(promiseDigest), signer, issuedAt, publicTerms, terms);
        }

        @Override
        public String toString() {
            return "Receipt.Statement(by " + signer.fingerprint() + ", " + terms.size() + " committed terms)";
        }
    }

    private static CBORObject encode(Statement s) {
        return CBORObject.NewArray()
                .Add(CBORObject.FromObject(s.promiseDigest()))
                .Add(s.signer().toCbor())
                .Add(s.issuedAt())
                .Add(s.publicTerms())
                .Add(SignedTerms.encodeTerms(s.terms()));
    }

    private static Statement decode(CBORObject item) {
        CborItems.array(item, 5, "receipt");
        return new Statement(
                CborItems.bytes(item.get(0), DIGEST_BYTES, "receipt.promiseDigest"),
                AgentPublicKey.fromCbor(item.get(1), "receipt.signer"),
                CborItems.integer(item.get(2), 0, Long.MAX_VALUE, "receipt.issuedAt"),
                ZkItems.utf8(item.get(3), PromiseLimits.MAX_PUBLIC_TERMS_BYTES, "receipt.publicTerms"),
                SignedTerms.decodeTerms(item.get(4), "receipt.terms"));
    }

    private final Signed<Statement> signed;

    private Receipt(Signed<Statement> signed) {
        this.signed = signed;
    }

    /** The beneficiary signs a receipt for {@code promise}. */
    public static Receipt make(AgentKey beneficiary, Promise promise, String publicTerms,
                               List<CommittedTerm> terms, long issuedAt) {
        Objects.requireNonNull(beneficiary, "beneficiary");
        return new Receipt(Signed.sign(new Statement(promise.digest(), beneficiary.publicKey(), issuedAt, publicTerms,
                terms), TYPE, beneficiary));
    }

    /**
     * Reads a receipt and verifies the signature of the signer it names.
     *
     * @throws MalformedInputException if the bytes are not a version-2 receipt
     * @throws VerificationFailedException if it is another kind of statement or the signature
     *         does not verify
     */
    public static Receipt fromBytes(byte[] b) {
        return new Receipt(SignedTerms.verifySelfNamed(b, TYPE, Statement::signer, "receipt", "VGRC"));
    }

    /**
     * Checks that this receipt is for {@code promise} and signed by its beneficiary.
     *
     * @throws VerificationFailedException otherwise
     */
    public void verifyFor(Promise promise) {
        if (!Arrays.equals(statement().promiseDigest(), promise.digest())) {
            throw new VerificationFailedException("receipt refers to a different promise");
        }
        if (!signer().equals(promise.beneficiary())) {
            throw new VerificationFailedException("receipt is signed by key " + signer().fingerprint()
                    + ", not by the promise's beneficiary " + promise.beneficiary().fingerprint());
        }
    }

    /** The COSE_Sign1 encoding, as written to files. */
    public byte[] toBytes() {
        return signed.encoded();
    }

    /** SHA-256 of the encoding: how proofs refer to this receipt. */
    public byte[] digest() {
        return SignedTerms.sha256(toBytes());
    }

    /** The signed statement. */
    public Statement statement() {
        return signed.statement();
    }

    public AgentPublicKey signer() {
        return statement().signer();
    }

    public long issuedAt() {
        return statement().issuedAt();
    }

    public String publicTerms() {
        return statement().publicTerms();
    }

    public List<CommittedTerm> terms() {
        return statement().terms();
    }

    public CommittedTerm term(String name) {
        return SignedTerms.find(terms(), name);
    }
}
