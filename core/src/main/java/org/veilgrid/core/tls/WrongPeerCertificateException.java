package org.veilgrid.core.tls;

import java.security.cert.CertificateException;
import java.util.Optional;

import org.veilgrid.core.text.SafeText;

/**
 * The server a client dialled presented a certificate for another participant than the one the
 * client meant to reach (its name is checked before its chain, so it may also be one the client
 * does not trust at all: another federation's, or for another host). Raised inside the TLS
 * handshake; gRPC then
 * reports the call as {@code UNAVAILABLE} with this exception in its cause chain, where
 * {@link #findIn(Throwable)} finds it so that the caller can say who answered instead.
 */
public final class WrongPeerCertificateException extends CertificateException {

    private static final long serialVersionUID = 1L;

    private final String expected;
    private final String presented;

    WrongPeerCertificateException(String expected, String presented) {
        super("the server presented the certificate of '" + SafeText.abbreviate(presented, 64)
                + "', not of the expected peer '" + expected + "'");
        this.expected = expected;
        this.presented = presented;
    }

    /** The party the client dialled. */
    public String expected() {
        return expected;
    }

    /** The CN the server's certificate carries (may be empty; never trusted as a name). */
    public String presented() {
        return presented;
    }

    /** The first wrong-peer refusal in {@code failure}'s cause chain, if any. */
    public static Optional<WrongPeerCertificateException> findIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof WrongPeerCertificateException w) {
                return Optional.of(w);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }

}
