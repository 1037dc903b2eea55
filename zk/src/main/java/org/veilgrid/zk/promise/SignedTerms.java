package org.veilgrid.zk.promise;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import com.upokecenter.cbor.CBORObject;
import org.veilgrid.core.cbor.CborSizes;
import org.veilgrid.core.cbor.CborItems;
import org.veilgrid.core.cose.Signed;
import org.veilgrid.core.cose.StatementType;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.identity.AgentPublicKey;
import org.veilgrid.zk.cbor.ZkItems;

/**
 * Shared pieces of the signed statements (promise, receipt): the committed-term list in CBOR,
 * the checks on terms and public text, digests, and reading a COSE_Sign1 whose signer is named
 * in its own statement.
 */
final class SignedTerms {
    /** CBOR tag 18 over a four-element array: the first two bytes of every COSE_Sign1 file. */
    static final int COSE_SIGN1_FIRST_BYTE = 0xd2;

    private SignedTerms() {
    }

    /** Terms as {@code [[name, commitment]*]}, in their order. */
    static CBORObject encodeTerms(List<CommittedTerm> terms) {
        CBORObject list = CBORObject.NewArray();
        for (CommittedTerm t : terms) {
            list.Add(CBORObject.NewArray().Add(t.name()).Add(ZkItems.point(t.commitment())));
        }
        return list;
    }

    static List<CommittedTerm> decodeTerms(CBORObject item, String field) {
        ZkItems.list(item, 0, PromiseLimits.MAX_TERMS, field);
        List<CommittedTerm> terms = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < item.size(); i++) {
            CBORObject pair = CborItems.array(item.get(i), 2, field + "[" + i + "]");
            String name = name(pair.get(0), field + "[" + i + "].name");
            if (!seen.add(name)) {
                throw new MalformedInputException(field, "duplicate term '" + name + "'");
            }
            terms.add(new CommittedTerm(name, ZkItems.point(pair.get(1), field + "[" + i + "].commitment")));
        }
        return List.copyOf(terms);
    }

    /** A term name: text of 1 to 32 characters of [a-z0-9_]. */
    static String name(CBORObject item, String field) {
        String s = CborItems.text(item, Names.MAX_LENGTH, field);
        if (!Names.valid(s)) {
            throw new MalformedInputException(field, "is not a term name ([a-z0-9_]{1,32})");
        }
        return s;
    }

    /** The encoded length of the longest term list: 16 terms with 32-character names. */
    static int maxTermsLength() {
        int term = 1 + CborSizes.stringLength(Names.MAX_LENGTH) + CborSizes.stringLength(ZkItems.ELEMENT_BYTES);
        return CborSizes.headLength(PromiseLimits.MAX_TERMS) + PromiseLimits.MAX_TERMS * term;
    }

    static List<CommittedTerm> checkTerms(List<CommittedTerm> terms) {
        if (terms.size() > PromiseLimits.MAX_TERMS) {
            throw new ParameterException("at most " + PromiseLimits.MAX_TERMS + " committed terms");
        }
        Set<String> seen = new HashSet<>();
        for (CommittedTerm t : terms) {
            if (!seen.add(t.name())) {
                throw new ParameterException("duplicate term '" + t.name() + "'");
            }
        }
        return List.copyOf(terms);
    }

    static String checkPublicTerms(String s) {
        if (s.getBytes(StandardCharsets.UTF_8).length > PromiseLimits.MAX_PUBLIC_TERMS_BYTES) {
            throw new ParameterException("public terms exceed " + PromiseLimits.MAX_PUBLIC_TERMS_BYTES + " bytes");
        }
        return s;
    }

    /**
     * Verifies a COSE_Sign1 whose statement names its own signer (the promiser of a promise, the
     * signer of a receipt): the headers and content type are checked first, the statement is read
     * to learn the named key, and then {@link Signed#verify} requires the key id to be that key's
     * fingerprint and the signature to verify. Whether the named key is the right one (a receipt
     * signed by the promise's beneficiary) is the caller's check.
     *
     * @param olderMagic the letters the version-1 byte format began with, to name such files
     */
    static <T> Signed<T> verifySelfNamed(byte[] cose, StatementType<T> type, Function<T, AgentPublicKey> signerOf,
                                         String what, String olderMagic) {
        ZkItems.refuseOlderFormat(cose, what, olderMagic, "a COSE_Sign1 of " + type.contentType());
        if (cose.length > 0 && (cose[0] & 0xff) != COSE_SIGN1_FIRST_BYTE) {
            throw new MalformedInputException(what, "is not a version-" + ZkItems.VERSION + " " + what
                    + " (a COSE_Sign1, CBOR tag 18): not CBOR, or a file of another kind or of an older Veilgrid format");
        }
        return Signed.verifySelfNamed(cose, type, signerOf);
    }

    static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    static CommittedTerm find(List<CommittedTerm> terms, String name) {
        for (CommittedTerm t : terms) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }
}
