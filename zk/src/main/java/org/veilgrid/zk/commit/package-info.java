/**
 * Pedersen commitments on Ristretto255: single-value ({@link
 * org.veilgrid.zk.commit.PedersenGens}) and vector ({@link org.veilgrid.zk.commit.VectorPedersen}).
 * Generators other than the group generator come from hash-to-group of fixed labels
 * ("nothing up my sleeve"), so no party knows a discrete-log relation among them.
 */
package org.veilgrid.zk.commit;
