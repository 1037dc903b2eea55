package org.veilgrid.examples.cli;

import java.net.InetSocketAddress;

import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.text.SafeText;

/** Parses {@code HOST:PORT} options ({@code [v6]:PORT} for IPv6 literals). */
final class HostPort {
    private HostPort() {
    }

    /**
     * The address in {@code text}, unresolved until bound.
     *
     * @throws ParameterException naming {@code option} if it is not HOST:PORT with a port in 1..65535
     */
    static InetSocketAddress parse(String option, String text) {
        int colon = text.lastIndexOf(':');
        String host = colon > 0 ? text.substring(0, colon) : "";
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (host.isEmpty() || !host.matches("[A-Za-z0-9.:-]+") || port < 1 || port > 65535) {
            throw new ParameterException(option + " '" + SafeText.abbreviate(text, 80)
                    + "' is not HOST:PORT with a port in 1..65535");
        }
        return new InetSocketAddress(host, port);
    }

    /**
     * The one-line refusal for an address that cannot be bound: which address and why, and when it
     * is taken, that {@code who} may be running there already (not gRPC's exception).
     */
    static ParameterException cannotListen(InetSocketAddress bind, String who, java.io.IOException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String why = SafeText.abbreviate(String.valueOf(root.getMessage()), 200);
        return new ParameterException("cannot listen on " + bind.getHostString() + ":" + bind.getPort() + " (" + why + ")"
                + (why.contains("already in use") ? ": another process holds it; is " + who + " already running there?" : ""), e);
    }
}
