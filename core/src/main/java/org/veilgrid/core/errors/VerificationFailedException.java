package org.veilgrid.core.errors;

/**
 * Thrown when a zero-knowledge proof, a signature, a certificate chain or a receipt was checked
 * and did not verify.
 *
 * <p>Separate from {@link MalformedInputException}: the object decoded fine, but the statement it
 * makes is false (or was made with the wrong key). Verifiers throw this instead of returning
 * {@code false} where the caller could forget to look at the result.
 */
public final class VerificationFailedException extends VeilException {

    private static final long serialVersionUID = 1L;

    /** @param message what did not verify (e.g. "range proof for bid 3"); must not contain secrets */
    public VerificationFailedException(String message) {
        super(ErrorKind.VERIFICATION_FAILED, message);
    }

    /**
     * @param message what did not verify; must not contain secrets
     * @param cause   the lower-level failure, or {@code null}
     */
    public VerificationFailedException(String message, Throwable cause) {
        super(ErrorKind.VERIFICATION_FAILED, message, cause);
    }
}
