/**
 * The RNS ring machinery the schemes share (BFV in {@link org.veilgrid.fhe.bfv}, CKKS next to
 * it): polynomials as residues modulo a basis of NTT-friendly primes ({@link
 * org.veilgrid.fhe.rns.RnsPoly}, {@link org.veilgrid.fhe.rns.RnsBasis}), one level of a modulus
 * chain with its special prime ({@link org.veilgrid.fhe.rns.RingLevel}), arithmetic and Galois
 * automorphisms ({@link org.veilgrid.fhe.rns.PolyArithmetic}), the samplers for secrets, errors
 * and uniform polynomials ({@link org.veilgrid.fhe.rns.Sampler}), hybrid key switching with a
 * special prime ({@link org.veilgrid.fhe.rns.KeySwitching}) and per-thread work vectors
 * ({@link org.veilgrid.fhe.rns.Scratch}).
 *
 * <p>Internal to the fhe module: public only so that the scheme packages can share it. Its
 * types expose their arrays for speed and check little; applications use the schemes' own
 * types (contexts, keys, plaintexts, ciphertexts), which validate everything.
 */
package org.veilgrid.fhe.rns;
