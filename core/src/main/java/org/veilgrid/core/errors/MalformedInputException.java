package org.veilgrid.core.errors;

import java.util.Objects;

/**
 * Thrown by a decoder or parser when bytes that came from outside the process (the network, a
 * file, a command-line argument) are truncated, oversized, out of range, not a member of the
 * expected set (a field element not below its modulus, a point not on the curve) or otherwise
 * garbled.
 *
 * <p>Decoders check before they use, and throw this rather than a generic
 * {@code IllegalArgumentException} or an {@code IndexOutOfBoundsException} from deep inside,
 * so that a peer sending bad bytes is reported as such. The message always names where the
 * problem is ({@link #where()}: a field, a file, an offset) and what it is.
 */
public final class MalformedInputException extends VeilException {

    private static final long serialVersionUID = 1L;

    private final String where;

    /**
     * @param where the field, file or position that is malformed (e.g. {@code "Share.value"})
     * @param what  what is wrong with it (e.g. {@code "value 17 is not below modulus 13"});
     *              must not contain secrets
     */
    public MalformedInputException(String where, String what) {
        this(where, what, null);
    }

    /**
     * @param where the field, file or position that is malformed
     * @param what  what is wrong with it; must not contain secrets
     * @param cause the parser's failure, or {@code null}
     */
    public MalformedInputException(String where, String what, Throwable cause) {
        super(ErrorKind.MALFORMED_INPUT,
                Objects.requireNonNull(where, "where") + ": " + Objects.requireNonNull(what, "what"),
                cause);
        this.where = where;
    }

    /** A field whose encoding has the wrong length, e.g. a 31-byte scalar where 32 were due. */
    public static MalformedInputException wrongLength(String field, long expected, long actual) {
        return new MalformedInputException(field,
                "expected " + expected + " bytes but got " + actual);
    }

    /** Input that ends before a field is complete. */
    public static MalformedInputException truncated(String field, long needed, long available) {
        return new MalformedInputException(field,
                "truncated: needs " + needed + " bytes but only " + available + " remain");
    }

    /** The field, file or position that was malformed. */
    public String where() {
        return where;
    }
}
