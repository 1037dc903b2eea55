/**
 * Zero-knowledge proofs on Ristretto255 for promises proved kept. Never depends on {@code mpc}
 * or {@code fhe}.
 *
 * <p>Layers, bottom up: {@link org.veilgrid.zk.group} (RFC 9496 group, scalars, multi-scalar
 * multiplication through the native curve kernels), {@link org.veilgrid.zk.transcript}
 * (Fiat–Shamir), {@link org.veilgrid.zk.commit} (Pedersen), {@link org.veilgrid.zk.sigma}
 * (Schnorr-family proofs), {@link org.veilgrid.zk.bulletproofs} (range proofs, Bünz et al. 2018)
 * and {@link org.veilgrid.zk.promise} (signed promises, receipts, fulfilment proofs).
 * The protocol notes (transcript construction, proof equations, wire formats, threat model) are
 * in docs/zk.md.
 */
package org.veilgrid.zk;
