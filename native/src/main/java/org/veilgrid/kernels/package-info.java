/**
 * Math kernels for the lattice and MPC engines: vector arithmetic modulo word-sized primes,
 * negacyclic number-theoretic transforms, NTT-friendly primes, and a seeded PRG.
 *
 * <p>This is the {@code native} module; {@code native} is a Java keyword, so its package is
 * {@code org.veilgrid.kernels}. Every kernel exists twice: C behind JNI (with AVX2, AVX-512 and
 * AVX-512 IFMA versions picked at run time) and a pure-Java twin. Both sit behind {@link
 * org.veilgrid.kernels.Kernels}, which validates every argument before either runs, so the two
 * paths reject bad input identically and — outputs being canonical residues — give identical
 * results.
 *
 * <p>Entry points: {@link org.veilgrid.kernels.Kernels#get()} (the fast path when the library
 * loads), {@link org.veilgrid.kernels.Modulus}, {@link org.veilgrid.kernels.NttTables},
 * {@link org.veilgrid.kernels.RnsNttTables}, {@link org.veilgrid.kernels.Primes} and
 * {@link org.veilgrid.kernels.NativeLibrary#status()}. Set {@code VEIL_NATIVE=off} (or the system
 * property {@code veil.native=off}) to force the Java twin.
 */
package org.veilgrid.kernels;
