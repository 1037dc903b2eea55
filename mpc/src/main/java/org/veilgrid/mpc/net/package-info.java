/**
 * The network of one party: a gRPC server of its own (mutual TLS, caller identified by its
 * certificate), channels to the peers, synchronous rounds with one message per peer, strict
 * decoding ({@link org.veilgrid.mpc.net.RoundMessages}) and aborts that name the culprit and
 * reach every party ({@link org.veilgrid.mpc.net.PartyNetwork}). Outside institutions contribute
 * inputs through {@link org.veilgrid.mpc.net.InputClient}. Wire format:
 * {@code mpc/src/main/proto/veilgrid_mpc.proto}, described in {@code docs/mpc.md}.
 */
package org.veilgrid.mpc.net;
