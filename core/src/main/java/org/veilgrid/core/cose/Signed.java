package org.veilgrid.core.cose;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import org.veilgrid.core.cbor.Cbor;
import org.veilgrid.core.cbor.CborItems;
import org.veilgrid.core.cbor.CborProfile;
import org.veilgrid.core.cbor.CborSizes;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.core.identity.AgentPublicKey;
import org.veilgrid.core.identity.KeyFingerprint;
import org.veilgrid.core.text.SafeText;

/**
 * A statement signed as a tagged COSE_Sign1 (RFC 9052 §4.2) with EdDSA over Ed25519 (alg −8,
 * RFC 9053 §2.2).
 *
 * <pre>
 * 18([ protected: bstr .cbor {1: -8, 3: content type, 4: kid = signer's key fingerprint},
 *      unprotected: {},
 *      payload: bstr .cbor statement,
 *      signature: bstr (64 bytes) ])
 * signature = Ed25519(key, ["Signature1", protected, external_aad = type's domain, payload])
 * </pre>
 *
 * <p>{@link #sign} is the only way to make one; {@link #verify} the only way to read one: it
 * returns the typed statement only after the algorithm, content type, key id and signature all
 * check out, and otherwise throws saying which did not. The unprotected header must be empty:
 * nothing a verifier acts on is left unsigned.
 *
 * @param <T> the statement's type
 */
public final class Signed<T> {

    /** COSE algorithm id of EdDSA (RFC 9053). */
    public static final int ALG_EDDSA = -8;

    private static final int HEADER_ALG = 1;
    private static final int HEADER_CONTENT_TYPE = 3;
    private static final int HEADER_KID = 4;
    private static final CborProfile HEADER_PROFILE = new CborProfile(512, 1, 256, Set.of());

    private final T statement;
    private final AgentPublicKey signer;
    private final byte[] encoded;

    private Signed(T statement, AgentPublicKey signer, byte[] encoded) {
        this.statement = statement;
        this.signer = signer;
        this.encoded = encoded;
    }

    /** Signs {@code statement} as a {@code type} with {@code key}. */
    public static <T> Signed<T> sign(T statement, StatementType<T> type, AgentKey key) {
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(key, "key");
        byte[] payload = Cbor.encode(type.encode(statement));
        if (payload.length > type.profile().maxBytes()) {
            throw new IllegalArgumentException(type.contentType() + " statement of " + payload.length
                    + " bytes exceeds its format's " + type.profile().maxBytes());
        }
        CBORObject header = CBORObject.NewMap();
        header.Add(HEADER_ALG, ALG_EDDSA);
        header.Add(HEADER_CONTENT_TYPE, type.contentType());
        header.Add(HEADER_KID, CBORObject.FromObject(key.publicKey().fingerprint().bytes()));
        byte[] protectedHeader = Cbor.encode(header);
        byte[] signature = key.sign(CoseSign1.toBeSigned(protectedHeader, type.domain(), payload));
        byte[] encoded = new CoseSign1(protectedHeader, CBORObject.NewMap(), payload, signature).encode();
        return new Signed<>(statement, key.publicKey(), encoded);
    }

    /**
     * Verifies a COSE_Sign1 made by {@code signer} over a {@code type} statement and returns it.
     *
     * @throws MalformedInputException if the bytes are not a well-formed, deterministic COSE_Sign1
     *         of the expected shape, or the statement inside is malformed
     * @throws VerificationFailedException if the algorithm is not EdDSA, the content type is not
     *         {@code type}'s, the key id is not {@code signer}'s fingerprint, or the signature
     *         does not verify
     */
    public static <T> Signed<T> verify(byte[] cose, StatementType<T> type, AgentPublicKey signer) {
        Objects.requireNonNull(signer, "signer");
        Parts parts = Parts.read(cose, type);
        requireSignedBy(parts, type, signer);
        T statement = type.decode(Cbor.decode(parts.message.payload(), type.profile(), type.contentType()));
        return new Signed<>(statement, signer, cose.clone());
    }

    /** The key id is {@code signer}'s fingerprint and the signature verifies under it, in {@code type}'s domain. */
    private static void requireSignedBy(Parts parts, StatementType<?> type, AgentPublicKey signer) {
        if (!parts.kid.equals(signer.fingerprint())) {
            throw new VerificationFailedException(parts.contentType + ": signed by key " + parts.kid
                    + ", not by the expected key " + signer.fingerprint());
        }
        if (!parts.message.verifiedBy(signer, type.domain())) {
            throw new VerificationFailedException(parts.contentType + ": the signature does not verify");
        }
    }

    /**
     * Verifies a statement that names its own signer (a card, a promise by its promiser): the
     * statement is read first to learn the key, then the signature is checked against it. Proves
     * only that the holder of that key signed; whether the key is the right one is the caller's
     * question.
     *
     * @throws MalformedInputException as for {@link #verify}
     * @throws VerificationFailedException as for {@link #verify}
     */
    public static <T> Signed<T> verifySelfNamed(byte[] cose, StatementType<T> type,
                                                Function<T, AgentPublicKey> signerOf) {
        Objects.requireNonNull(signerOf, "signerOf");
        Parts parts = Parts.read(cose, type);
        // Read once: the statement names the key, which must then have signed it.
        T statement = type.decode(Cbor.decode(parts.message.payload(), type.profile(), type.contentType()));
        AgentPublicKey signer = Objects.requireNonNull(signerOf.apply(statement), "signer");
        requireSignedBy(parts, type, signer);
        return new Signed<>(statement, signer, cose.clone());
    }

    /**
     * The key id a COSE_Sign1 names, read without verifying anything, to look up the signer's
     * key; then call {@link #verify}.
     */
    public static <T> KeyFingerprint keyId(byte[] cose, StatementType<T> type) {
        return Parts.read(cose, type).kid;
    }

    /** The verified statement. */
    public T statement() {
        return statement;
    }

    /** Who signed it. */
    public AgentPublicKey signer() {
        return signer;
    }

    /** The COSE_Sign1 bytes, as sent and stored. */
    public byte[] encoded() {
        return encoded.clone();
    }

    @Override
    public String toString() {
        return "Signed(by " + signer.fingerprint() + ", " + encoded.length + " bytes)";
    }

    /** A COSE_Sign1 whose headers follow Veilgrid's rules; the signature is not yet checked. */
    private static final class Parts {
        CoseSign1 message;
        String contentType;
        KeyFingerprint kid;

        static Parts read(byte[] cose, StatementType<?> type) {
            Objects.requireNonNull(cose, "cose");
            String what = "COSE_Sign1 (" + type.contentType() + ")";
            Parts p = new Parts();
            p.message = CoseSign1.decode(cose, type.profile().maxBytes(), what);
            if (p.message.unprotected().size() != 0) {
                throw new MalformedInputException(what + " unprotected header", "must be empty");
            }
            if (p.message.signature().length != AgentPublicKey.SIGNATURE_BYTES) {
                throw MalformedInputException.wrongLength(what + " signature", AgentPublicKey.SIGNATURE_BYTES,
                        p.message.signature().length);
            }
            CBORObject header = CborItems.map(Cbor.decode(p.message.protectedHeader(), HEADER_PROFILE,
                    what + " protected header"), what + " protected header");
            if (header.size() != 3 || !header.ContainsKey(HEADER_ALG) || !header.ContainsKey(HEADER_CONTENT_TYPE)
                    || !header.ContainsKey(HEADER_KID)) {
                throw new MalformedInputException(what + " protected header", "must hold exactly alg (1), content type (3) and kid (4)");
            }
            long alg = CborItems.integer(header.get(HEADER_ALG), Integer.MIN_VALUE, Integer.MAX_VALUE, what + " alg");
            if (alg != ALG_EDDSA) {
                throw new VerificationFailedException(what + ": algorithm " + alg + " is not accepted (only EdDSA, -8)");
            }
            CBORObject ct = header.get(HEADER_CONTENT_TYPE);
            if (ct.getType() != CBORType.TextString) {
                throw new MalformedInputException(what + " content type", "expected a text string");
            }
            p.contentType = SafeText.abbreviate(ct.AsString(), 100);
            if (!ct.AsString().equals(type.contentType())) {
                throw new VerificationFailedException("expected a " + type.contentType() + " but got a " + p.contentType);
            }
            p.kid = KeyFingerprint.of(CborItems.bytes(header.get(HEADER_KID), KeyFingerprint.BYTES, what + " kid"));
            return p;
        }

    }

    /**
     * The length of a COSE_Sign1 of {@code type} whose payload has {@code payload} bytes: tag,
     * array, the protected header {@code {1: -8, 3: content type, 4: kid}}, the empty unprotected
     * map, the payload and the 64-byte signature. Formats state their largest encoding with it.
     */
    public static int length(StatementType<?> type, int payload) {
        int header = 1 + 2 + 1 + CborSizes.stringLength(type.contentType().length()) + 1
                + CborSizes.stringLength(KeyFingerprint.BYTES);
        return 1 + 1 + CborSizes.stringLength(header) + 1 + CborSizes.stringLength(payload)
                + CborSizes.stringLength(AgentPublicKey.SIGNATURE_BYTES);
    }

    /** The length of the largest COSE_Sign1 of {@code type}: its payload at the profile's bound. */
    public static int maxLength(StatementType<?> type) {
        return length(type, type.profile().maxBytes());
    }

    /** Domain bytes from a string, for {@link StatementType#domain()} implementations. */
    public static byte[] domain(String name) {
        return name.getBytes(StandardCharsets.US_ASCII);
    }
}
