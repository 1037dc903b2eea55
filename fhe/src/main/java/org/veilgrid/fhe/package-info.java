/**
 * Lattice homomorphic encryption (RNS-BFV, later CKKS) with batching and rotations, on the {@code native} NTT and vector kernels. Never depends on {@code mpc} or {@code zk}.
 *
 * <p>Status: the module exists so the reactor and its dependency directions are fixed from the
 * start; its contents arrive with issue #3 (see docs/ and the issue tracker).
 */
package org.veilgrid.fhe;
