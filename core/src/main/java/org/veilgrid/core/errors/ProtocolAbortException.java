package org.veilgrid.core.errors;

import java.util.Optional;

/**
 * Thrown when a multi-party protocol stops instead of producing an output: a party sent an
 * inconsistent share, failed a check, timed out or disconnected.
 *
 * <p>Veilgrid protocols either output the correct result or abort; this is the abort. It names
 * the {@link #culprit()} when the protocol can attribute the abort to one party, so that
 * operators know whom to talk to (and honest parties can exclude that party from a rerun).
 */
public final class ProtocolAbortException extends VeilException {

    private static final long serialVersionUID = 1L;

    private final String culprit;
    private final String reason;

    /**
     * @param culprit the id or name of the party that caused the abort, or {@code null} if it
     *                cannot be attributed
     * @param reason  why the protocol aborted; must not contain secrets
     */
    public ProtocolAbortException(String culprit, String reason) {
        this(culprit, reason, null);
    }

    /**
     * @param culprit the id or name of the party that caused the abort, or {@code null}
     * @param reason  why the protocol aborted; must not contain secrets
     * @param cause   the lower-level failure (an I/O error, a failed check), or {@code null}
     */
    public ProtocolAbortException(String culprit, String reason, Throwable cause) {
        super(ErrorKind.PROTOCOL_ABORT, describe(culprit, reason), cause);
        this.culprit = culprit;
        this.reason = reason;
    }

    /** An abort that cannot be pinned on a single party (e.g. a local timeout). */
    public static ProtocolAbortException unattributed(String reason) {
        return new ProtocolAbortException(null, reason);
    }

    /** The party that caused the abort, if the protocol could tell. */
    public Optional<String> culprit() {
        return Optional.ofNullable(culprit);
    }

    /** Why the protocol aborted, without the culprit prefix of {@link #getMessage()}. */
    public String reason() {
        return reason;
    }

    private static String describe(String culprit, String reason) {
        if (reason == null) {
            throw new NullPointerException("reason");
        }
        return culprit == null
                ? "protocol aborted: " + reason
                : "protocol aborted by party '" + culprit + "': " + reason;
    }
}
