package org.veilgrid.core.cose;

import java.util.Objects;
import java.util.function.Function;

import com.upokecenter.cbor.CBORObject;
import org.veilgrid.core.cbor.CborProfile;

/**
 * One kind of signed statement: how it is written as CBOR, how it is read back (strictly), the
 * content type that names it in the signature's protected header, and the domain string that
 * goes into every signature of it as COSE external AAD.
 *
 * <p>The domain keeps a signature made for one protocol from being accepted by another even if
 * the bytes happen to parse there; the content type makes a statement of one kind fail to verify
 * as another kind, with a message saying which kind it was.
 *
 * @param <T> the statement's Java type
 */
public interface StatementType<T> {

    /** E.g. {@code "application/vnd.veilgrid.completion-promise+cbor; v=2"}; printable ASCII. */
    String contentType();

    /** Domain separation for the signature (COSE external_aad), e.g. {@code "veilgrid/grid/promise/2"}. */
    byte[] domain();

    /** Bounds on the encoded statement. */
    CborProfile profile();

    /** The statement as a CBOR item. */
    CBORObject encode(T statement);

    /**
     * The statement from a CBOR item already known to be deterministic and within
     * {@link #profile()}.
     *
     * @throws org.veilgrid.core.errors.MalformedInputException if a field is missing, of the wrong
     *         type or out of range
     */
    T decode(CBORObject item);

    /**
     * A statement type from its parts, for the common case of a type with no state of its own.
     *
     * @param contentType e.g. {@code application/vnd.veilgrid.zk-promise+cbor}
     * @param domain the domain string, e.g. {@code veilgrid/zk/promise/2} (ASCII)
     * @param profile bounds on the encoded statement
     * @param encoder writes a statement as a CBOR item
     * @param decoder reads one back, under the contract of {@link #decode(CBORObject)}
     */
    static <T> StatementType<T> of(String contentType, String domain, CborProfile profile,
                                   Function<T, CBORObject> encoder, Function<CBORObject, T> decoder) {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(decoder, "decoder");
        byte[] domainBytes = Signed.domain(Objects.requireNonNull(domain, "domain"));
        return new StatementType<>() {
            @Override
            public String contentType() {
                return contentType;
            }

            @Override
            public byte[] domain() {
                return domainBytes.clone();
            }

            @Override
            public CborProfile profile() {
                return profile;
            }

            @Override
            public CBORObject encode(T statement) {
                return encoder.apply(statement);
            }

            @Override
            public T decode(CBORObject item) {
                return decoder.apply(item);
            }

            @Override
            public String toString() {
                return contentType;
            }
        };
    }
}
