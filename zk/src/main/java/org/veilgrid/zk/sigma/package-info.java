/**
 * Sigma protocols made non-interactive with the Fiat–Shamir transcript: knowledge of a discrete
 * log (Schnorr), of a Pedersen opening (Okamoto), equality of two committed values, a public
 * linear relation Σ a_i·v_i = c among committed values, and one-out-of-many membership (CDS OR
 * composition). Each verifier throws {@link org.veilgrid.core.errors.VerificationFailedException}
 * on failure; each decoder is strict (exact length, canonical points and scalars).
 */
package org.veilgrid.zk.sigma;
