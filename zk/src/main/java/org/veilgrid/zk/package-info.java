/**
 * Ristretto255, Pedersen commitments, sigma protocols and Bulletproofs range proofs, on a labelled Fiat-Shamir transcript: proofs that a promise was kept. Never depends on {@code mpc} or {@code fhe}.
 *
 * <p>Status: the module exists so the reactor and its dependency directions are fixed from the
 * start; its contents arrive with issue #4 (see docs/ and the issue tracker).
 */
package org.veilgrid.zk;
