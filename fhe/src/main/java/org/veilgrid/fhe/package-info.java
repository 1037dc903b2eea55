/**
 * Lattice homomorphic encryption on the {@code native} NTT and vector kernels: RNS-BFV with
 * batching, rotations and encrypted linear algebra ({@link org.veilgrid.fhe.bfv}), the security
 * table every parameter set is checked against ({@link org.veilgrid.fhe.SecurityTable}), and
 * the thread pool operations may spread over ({@link org.veilgrid.fhe.Parallelism}). Never
 * depends on {@code mpc} or {@code zk}. docs/fhe.md is the module's protocol note.
 */
package org.veilgrid.fhe;
