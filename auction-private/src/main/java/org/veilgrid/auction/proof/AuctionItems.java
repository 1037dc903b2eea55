package org.veilgrid.auction.proof;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.function.Function;

import com.upokecenter.cbor.CBORObject;
import org.veilgrid.core.cbor.CborItems;
import org.veilgrid.core.cbor.OlderFormats;
import org.veilgrid.core.cose.Signed;
import org.veilgrid.core.cose.StatementType;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.identity.AgentPublicKey;

/**
 * The auction's pieces on top of core's CBOR and COSE layer: the fields every auction statement
 * shares (auction id, institution id, digests), reading a signed statement whose signer it names
 * itself, refusing files of the byte formats before CBOR by their version, and the length bounds
 * the readers of files use.
 *
 * <p>Every auction statement is a COSE_Sign1 ({@link Signed}) of content type
 * {@code application/vnd.veilgrid.auction-<name>+cbor} with domain
 * {@code veilgrid/auction/<name>/2}. Version 1 was the magic-tagged byte format ("VGCO" 01,
 * "VGAR" 01, "VGFP" 01); such files are refused naming both versions.
 */
public final class AuctionItems {

    /** The current version of every auction statement (1 was the byte format before CBOR/COSE). */
    public static final int VERSION = 2;
    /** Bytes of an auction id, institution id: at most this many. */
    public static final int MAX_ID = 64;
    /** SHA-256 digests in statements. */
    public static final int DIGEST_BYTES = 32;
    /** The largest payload of any auction statement (a result's): the bound for reading headers. */
    private static final int LARGEST_PAYLOAD = ResultStatement.MAX_PAYLOAD;
    /** CBOR tag 18 over a four-element array: the first byte of every COSE_Sign1 file. */
    private static final int COSE_SIGN1_FIRST_BYTE = 0xd2;

    private AuctionItems() {
    }

    /** The content type of auction statement {@code name}. */
    static String contentType(String name) {
        return "application/vnd.veilgrid.auction-" + name + "+cbor";
    }

    /** The signature domain (COSE external AAD) of auction statement {@code name}, this version. */
    static String domain(String name) {
        return "veilgrid/auction/" + name + "/" + VERSION;
    }

    /** An auction id: 1 to 64 bytes. */
    static CBORObject auctionId(byte[] id) {
        return CBORObject.FromObject(checkAuctionId(id));
    }

    static byte[] auctionId(CBORObject item, String field) {
        return CborItems.bytes(item, 1, MAX_ID, field);
    }

    static byte[] checkAuctionId(byte[] id) {
        if (id == null || id.length < 1 || id.length > MAX_ID) {
            throw new ParameterException("an auction id has 1 to " + MAX_ID + " bytes, got "
                    + (id == null ? "none" : id.length));
        }
        return id;
    }

    /** Whether {@code id} is an institution id: 1 to 64 letters, digits, '.', '_' or '-' (ASCII). */
    static boolean validInstitution(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c < 128 && Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    static String checkInstitution(String id) {
        if (!validInstitution(id)) {
            throw new ParameterException("an institution id is 1 to " + MAX_ID + " letters, digits, '.', '_' or '-'");
        }
        return id;
    }

    /** An institution id read from a statement (never echoed: it may hold anything). */
    static String institution(CBORObject item, String field) {
        String s = CborItems.text(item, MAX_ID, field);
        if (!validInstitution(s)) {
            throw new MalformedInputException(field, "is not an institution id (1 to " + MAX_ID
                    + " letters, digits, '.', '_' or '-')");
        }
        return s;
    }

    static CBORObject digest(byte[] d) {
        if (d == null || d.length != DIGEST_BYTES) {
            throw new ParameterException("a digest has " + DIGEST_BYTES + " bytes");
        }
        return CBORObject.FromObject(d);
    }

    static byte[] digest(CBORObject item, String field) {
        return CborItems.bytes(item, DIGEST_BYTES, field);
    }

    /** SHA-256 of {@code b}. */
    public static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    /**
     * Refuses, naming its version, a file in the version-1 byte format: four magic letters, then
     * the version byte. Then refuses anything that is not a COSE_Sign1 at all with a message
     * saying what was expected, rather than a CBOR error on the first byte.
     *
     * @param what       the statement, for messages (e.g. "committed order")
     * @param olderMagic the four letters its version-1 byte format began with (null: it had none)
     */
    static void requireCurrentFormat(byte[] bytes, String what, String olderMagic, String contentType) {
        if (olderMagic == null && bytes == null) {
            throw new MalformedInputException(what, "missing");
        }
        if (olderMagic != null) {
            OlderFormats.refuse(bytes, what, olderMagic, VERSION, "a COSE_Sign1 of " + contentType);
        }
        if (bytes.length > 0 && (bytes[0] & 0xff) != COSE_SIGN1_FIRST_BYTE) {
            throw new MalformedInputException(what, "is not a version-" + VERSION + " " + what
                    + " (a COSE_Sign1, CBOR tag 18): not CBOR, or a file of another kind or of an older Veilgrid format");
        }
    }

    /**
     * Reads a statement signed by {@code signer}, after refusing older formats by name.
     *
     * @throws MalformedInputException if the bytes are not a well-formed statement of this version
     * @throws org.veilgrid.core.errors.VerificationFailedException if it is another kind of
     *         statement, or not signed by {@code signer} in this type's domain
     */
    static <T> Signed<T> verify(byte[] cose, StatementType<T> type, AgentPublicKey signer, String what,
                                String olderMagic) {
        requireCurrentFormat(cose, what, olderMagic, type.contentType());
        checkHeaders(cose, type);
        return Signed.verify(cose, type, signer);
    }

    /**
     * Reads the COSE headers and content type under the largest auction statement's bound, so a
     * statement of another kind is refused naming its kind (a {@code VerificationFailedException})
     * rather than for a size that only this kind forbids. {@link Signed#verify} then applies this
     * type's own bounds.
     */
    private static void checkHeaders(byte[] cose, StatementType<?> type) {
        Signed.keyId(cose, StatementType.of(type.contentType(), "headers only",
                type.profile().withMaxBytes(LARGEST_PAYLOAD), x -> x, x -> x));
    }

    /**
     * Reads a statement that names its own signer (the institution of a committed order): the
     * headers and content type are checked first, the statement is read to learn the key, and
     * {@link Signed#verify} then requires the key id to be that key's fingerprint and the
     * signature to verify. Whether the key is the right one is the caller's check.
     */
    static <T> Signed<T> verifySelfNamed(byte[] cose, StatementType<T> type, Function<T, AgentPublicKey> signerOf,
                                         String what, String olderMagic) {
        requireCurrentFormat(cose, what, olderMagic, type.contentType());
        checkHeaders(cose, type);
        return Signed.verifySelfNamed(cose, type, signerOf);
    }
}
