/**
 * The configuration of a run ({@code parties.json}): parties, threshold, session id, timeout,
 * TLS material, allowed clients; read with the proto3 JSON mapping and validated with typed
 * errors. {@link org.veilgrid.mpc.config.LocalSetup} writes a consistent set for a local run.
 */
package org.veilgrid.mpc.config;
