package org.veilgrid.mpc.config;

/**
 * One compute party: its index (0-based, which also fixes its Shamir evaluation point
 * α = index + 1), its name (the CN of its TLS certificate) and where its gRPC server listens.
 */
public record PartyAddress(int index, String name, String host, int port) {
}
