/**
 * Well-formed auction inputs without revealing them, and checkable results (issue #7 item 4):
 * committed orders with range proofs and signatures ({@link org.veilgrid.auction.proof.CommittedOrder}),
 * the parties' checks ({@link org.veilgrid.auction.proof.OrderChecks}, {@link org.veilgrid.auction.proof.Linking}),
 * the signed result ({@link org.veilgrid.auction.proof.SignedResult}) and the fill proof
 * ({@link org.veilgrid.auction.proof.FillProof}). Protocol notes: docs/auction.md, "Proofs".
 */
package org.veilgrid.auction.proof;
