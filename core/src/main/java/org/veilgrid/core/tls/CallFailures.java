package org.veilgrid.core.tls;

import io.grpc.Status;

/**
 * One line that says why a call to a peer failed, for error messages.
 *
 * <p>A gRPC status prints its cause with the whole stack trace, and a refused handshake only says
 * {@code UNAVAILABLE}; neither tells a user what happened. This says "connection refused", "no
 * answer within the deadline" or which participant's certificate the server presented instead of
 * the one dialled.
 */
public final class CallFailures {

    private CallFailures() {
    }

    /** Why {@code failure} (usually a {@code StatusRuntimeException}) happened, in one line. */
    public static String describe(Throwable failure) {
        var wrongPeer = WrongPeerCertificateException.findIn(failure);
        if (wrongPeer.isPresent()) {
            return wrongPeer.get().getMessage();
        }
        Status status = Status.fromThrowable(failure);
        switch (status.getCode()) {
            case DEADLINE_EXCEEDED:
                return "no answer within the deadline";
            case UNAVAILABLE:
                for (Throwable t = failure; t != null; t = t.getCause()) {
                    if (t instanceof java.net.ConnectException) {
                        return "connection refused (is it running, at that address?)";
                    }
                    if (t instanceof javax.net.ssl.SSLException) {
                        return "the TLS handshake failed (" + firstLine(t.getMessage()) + ")";
                    }
                    if (t.getCause() == t) {
                        break;
                    }
                }
                return "unreachable" + (status.getDescription() == null ? "" : " (" + firstLine(status.getDescription()) + ")");
            default:
                return status.getCode() + (status.getDescription() == null ? "" : ": " + firstLine(status.getDescription()));
        }
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).strip();
    }
}
