package org.veilgrid.core.errors;

import java.util.Objects;

/**
 * Base of every typed Veilgrid failure.
 *
 * <p>Unchecked, because these failures are not recoverable at the call site that detects them
 * (a decoder cannot fix the bytes it was handed); they propagate to the protocol or command
 * boundary, which reports {@link #kind()} and the message.
 *
 * <p><b>Messages never contain secrets.</b> They may name a field, a file, a party, an expected
 * and an actual length, but never key material, shares, plaintexts, witnesses or randomness:
 * messages end up in logs, in gRPC statuses sent to other parties and in {@code --json} output.
 * Subclasses and callers must keep it that way; when wrapping a lower-level exception whose
 * message might echo secret input, leave it out as a cause.
 */
public abstract class VeilException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;

    /**
     * @param kind    the category, fixed by the subclass
     * @param message what went wrong and where; must not contain secrets
     */
    protected VeilException(ErrorKind kind, String message) {
        this(kind, message, null);
    }

    /**
     * @param kind    the category, fixed by the subclass
     * @param message what went wrong and where; must not contain secrets
     * @param cause   the lower-level failure, or {@code null}
     */
    protected VeilException(ErrorKind kind, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** The category of this failure. */
    public final ErrorKind kind() {
        return kind;
    }
}
