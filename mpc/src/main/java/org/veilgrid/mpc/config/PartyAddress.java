package org.veilgrid.mpc.config;

import java.util.Objects;

/**
 * One compute party: its index (0-based, which also fixes its Shamir evaluation point
 * α = index + 1), its name (the CN of its TLS certificate) and where its gRPC server listens.
 *
 * @param host    the host name its certificate names (what TLS checks)
 * @param address an IP literal the host is at, from its card, or "" to resolve {@code host}:
 *                with it, peers connect without a name lookup and still check {@code host}
 */
public record PartyAddress(int index, String name, String host, int port, String address) {

    public PartyAddress {
        Objects.requireNonNull(address, "address");
    }

    /** A party found by its host name. */
    public PartyAddress(int index, String name, String host, int port) {
        this(index, name, host, port, "");
    }

    /** What to open a socket to: the address when there is one, else the host name. */
    public String socketHost() {
        return address.isEmpty() ? host : address;
    }
}
