/**
 * The prime field F_p, p = 2^127 − 1, and secret sharing over it.
 *
 * <p>Elements are two 64-bit limbs (low, high), high below 2^63, canonical (below p). Vectors
 * are packed {@code long[]} arrays, element i at indices 2i and 2i + 1, and every operation is
 * a loop over a whole vector: the engine never creates an object per element. Reduction uses
 * 2^127 ≡ 1. {@link org.veilgrid.mpc.field.ShamirScheme} shares and reconstructs whole vectors
 * with Lagrange coefficients computed once per set of parties;
 * {@link org.veilgrid.mpc.field.FieldPrg} expands a 16-byte key into field elements with AES.
 * Tests compare every operation with {@code BigInteger} arithmetic.
 */
package org.veilgrid.mpc.field;
