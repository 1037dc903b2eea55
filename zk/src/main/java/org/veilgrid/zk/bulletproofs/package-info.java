/**
 * Bulletproofs range proofs (Bünz, Bootle, Boneh, Poelstra, Wuille, Maxwell, "Bulletproofs:
 * Short Proofs for Confidential Transactions and More", IEEE S&P 2018): a committed value lies
 * in [0, 2^n) for n ∈ {8, 16, 32, 64}, aggregated over m = 1, 2, 4, …, 64 values, with a proof of
 * 2·log2(n·m) + 9 elements (672 bytes for one 64-bit value).
 *
 * <p>Roles: {@link org.veilgrid.zk.bulletproofs.Party} (one value each) and {@link
 * org.veilgrid.zk.bulletproofs.Dealer} (sums the shares, runs the inner-product argument,
 * blames a party whose share is wrong) exchanging {@link org.veilgrid.zk.bulletproofs.Messages};
 * {@link org.veilgrid.zk.bulletproofs.RangeProver} runs all of them in one process; {@link
 * org.veilgrid.zk.bulletproofs.RangeVerifier} (single and batch verification, each one MSM); the
 * proof {@link org.veilgrid.zk.bulletproofs.RangeProof} with its {@link
 * org.veilgrid.zk.bulletproofs.InnerProductProof}. Value base B and blinding base B̃ are the
 * Pedersen generators of {@link org.veilgrid.zk.commit.PedersenGens}; G_i, H_i come from
 * {@link org.veilgrid.zk.bulletproofs.BulletproofGens}.
 */
package org.veilgrid.zk.bulletproofs;
