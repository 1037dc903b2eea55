package org.veilgrid.core.errors;

/**
 * Thrown when a caller or configuration supplies an invalid parameter: a party name that cannot
 * be used, a non-positive validity period, a security level that is not supported, a missing
 * file, a key that does not belong to its certificate.
 *
 * <p>Distinct from {@link MalformedInputException} because the fix is on the operator's side
 * (change the arguments or the set-up), not a misbehaving peer.
 */
public final class ParameterException extends VeilException {

    private static final long serialVersionUID = 1L;

    /** @param message which parameter is wrong and why; must not contain secrets */
    public ParameterException(String message) {
        super(ErrorKind.PARAMETER, message);
    }

    /**
     * @param message which parameter is wrong and why; must not contain secrets
     * @param cause   the lower-level failure, or {@code null}
     */
    public ParameterException(String message, Throwable cause) {
        super(ErrorKind.PARAMETER, message, cause);
    }
}
