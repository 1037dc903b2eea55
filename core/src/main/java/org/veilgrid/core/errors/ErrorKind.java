package org.veilgrid.core.errors;

/**
 * The category of a {@link VeilException}.
 *
 * <p>Exists so that code which only sees the base type (a CLI printing {@code --json}, a gRPC
 * service mapping errors to status codes) can branch on the category without {@code instanceof}
 * chains.
 */
public enum ErrorKind {
    /** Bytes from outside failed a length, range, membership or syntax check. */
    MALFORMED_INPUT,
    /** A caller-supplied parameter or configuration value is invalid. */
    PARAMETER,
    /** A multi-party protocol stopped instead of producing a possibly-wrong result. */
    PROTOCOL_ABORT,
    /** A proof, signature or receipt was checked and did not verify. */
    VERIFICATION_FAILED
}
