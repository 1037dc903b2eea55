package org.veilgrid.core.cose;

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
}
