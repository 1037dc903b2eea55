package org.veilgrid.zk.promise;

import java.security.SecureRandom;
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
 * A promise: an agent's signed statement with public terms (free text, e.g. what will be
 * completed) and private terms as Pedersen commitments (e.g. quantity, price limit, deadline),
 * addressed to a beneficiary who will later sign a {@link Receipt}.
 *
 * <p>Encoding: a COSE_Sign1 ({@link Signed}) of content type {@value #CONTENT_TYPE}, domain
 * {@value #DOMAIN}, over the statement
 * {@code [promiser: bstr 32, beneficiary: bstr 32, id: bstr 16, issued-at: uint, public terms:
 * tstr (≤ 4096 bytes of UTF-8), [[name: tstr [a-z0-9_]{1,32}, commitment: bstr 32]] (≤ 16)]}.
 * A {@code Promise} object exists only verified: {@link #make} signs, {@link #fromBytes} checks
 * the signature of the promiser the statement names.
 */
public final class Promise {
    /** The COSE content type of a promise. */
    public static final String CONTENT_TYPE = "application/vnd.veilgrid.zk-promise+cbor";
    /** The domain every promise signature covers (COSE external AAD). */
    public static final String DOMAIN = "veilgrid/zk/promise/2";
    private static final int ID_BYTES = 16;
    /** The largest statement: issued-at up to 2^63 − 1, 4096 bytes of text, 16 terms with 32-character names. */
    private static final CborProfile PROFILE = new CborProfile(1 + 2 * CborSizes.stringLength(AgentPublicKey.BYTES)
            + CborSizes.stringLength(ID_BYTES) + 9 + CborSizes.stringLength(PromiseLimits.MAX_PUBLIC_TERMS_BYTES)
            + SignedTerms.maxTermsLength(), 3, PromiseLimits.MAX_PUBLIC_TERMS_BYTES, Set.of());
    /** The promise statement's type. */
    public static final StatementType<Statement> TYPE =
            StatementType.of(CONTENT_TYPE, DOMAIN, PROFILE, Promise::encode, Promise::decode);
    /** The longest valid encoding: a bound for reading promise files (reached exactly). */
    public static final int MAX_LENGTH = Signed.maxLength(TYPE);

    /**
     * What a promiser signs.
     *
     * @param promiser    who promises (and signs)
     * @param beneficiary who the promise is made to (and signs the receipt)
     * @param id          16 random bytes, so two promises with the same terms differ
     * @param issuedAt    seconds since the epoch
     * @param publicTerms the public terms, UTF-8 text of at most 4096 bytes
     * @param terms       the committed private terms, at most 16, names unique
     */
    public record Statement(AgentPublicKey promiser, AgentPublicKey beneficiary, byte[] id, long issuedAt,
                            String publicTerms, List<CommittedTerm> terms) {
        public Statement {
            Objects.requireNonNull(promiser, "promiser");
            Objects.requireNonNull(beneficiary, "beneficiary");
            if (id == null || id.length != ID_BYTES) {
                throw new ParameterException("a promise id is " + ID_BYTES + " bytes");
            }
            if (issuedAt < 0) {
                throw new ParameterException("issued-at must not be negative");
            }
            id = id.clone();
            publicTerms = SignedTerms.checkPublicTerms(publicTerms);
            terms = SignedTerms.checkTerms(terms);
        }

        @Override
        public byte[] id() {
            return id.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Statement s && promiser.equals(s.promiser) && beneficiary.equals(s.beneficiary)
                    && Arrays.equals(id, s.id) && issuedAt == s.issuedAt && publicTerms.equals(s.publicTerms)
                    && terms.equals(s.terms);
        }

        @Override
        public int hashCode() {
            return Objects.hash(promiser, beneficiary, Arrays.hashCode(id), issuedAt, publicTerms, terms);
        }

        @Override
        public String toString() {
            return "Promise.Statement(by " + promiser.fingerprint() + " to " + beneficiary.fingerprint() + ", "
                    + terms.size() + " committed terms)";
        }
    }

    private static CBORObject encode(Statement s) {
        return CBORObject.NewArray()
                .Add(s.promiser().toCbor())
                .Add(s.beneficiary().toCbor())
                .Add(CBORObject.FromObject(s.id()))
                .Add(s.issuedAt())
                .Add(s.publicTerms())
                .Add(SignedTerms.encodeTerms(s.terms()));
    }

    private static Statement decode(CBORObject item) {
        CborItems.array(item, 6, "promise");
        return new Statement(
                AgentPublicKey.fromCbor(item.get(0), "promise.promiser"),
                AgentPublicKey.fromCbor(item.get(1), "promise.beneficiary"),
                CborItems.bytes(item.get(2), ID_BYTES, "promise.id"),
                CborItems.integer(item.get(3), 0, Long.MAX_VALUE, "promise.issuedAt"),
                ZkItems.utf8(item.get(4), PromiseLimits.MAX_PUBLIC_TERMS_BYTES, "promise.publicTerms"),
                SignedTerms.decodeTerms(item.get(5), "promise.terms"));
    }

    private final Signed<Statement> signed;

    private Promise(Signed<Statement> signed) {
        this.signed = signed;
    }

    /** Makes and signs a promise. */
    public static Promise make(AgentKey promiser, AgentPublicKey beneficiary, String publicTerms,
                               List<CommittedTerm> terms, long issuedAt, SecureRandom rng) {
        Objects.requireNonNull(promiser, "promiser");
        if (beneficiary == null) {
            throw new ParameterException("a promise needs the beneficiary's public key");
        }
        byte[] id = new byte[ID_BYTES];
        rng.nextBytes(id);
        return new Promise(Signed.sign(new Statement(promiser.publicKey(), beneficiary, id, issuedAt, publicTerms,
                terms), TYPE, promiser));
    }

    /**
     * Reads a promise and verifies the signature of the promiser it names.
     *
     * @throws MalformedInputException if the bytes are not a version-2 promise (an older file is
     *         named as such)
     * @throws VerificationFailedException if it is another kind of statement or the promiser's
     *         signature does not verify
     */
    public static Promise fromBytes(byte[] b) {
        return new Promise(SignedTerms.verifySelfNamed(b, TYPE, Statement::promiser, "promise", "VGPR"));
    }

    /** The COSE_Sign1 encoding, as written to files. */
    public byte[] toBytes() {
        return signed.encoded();
    }

    /** SHA-256 of the encoding: how receipts and proofs refer to this promise. */
    public byte[] digest() {
        return SignedTerms.sha256(toBytes());
    }

    /** The signed statement. */
    public Statement statement() {
        return signed.statement();
    }

    public AgentPublicKey promiser() {
        return statement().promiser();
    }

    public AgentPublicKey beneficiary() {
        return statement().beneficiary();
    }

    public byte[] id() {
        return statement().id();
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
