/**
 * Sealed-bid double auctions and inventory matching between institutions, computed under MPC ({@code mpc}) with well-formedness proofs ({@code zk}); only the clearing result is revealed.
 *
 * <p>Status: the module exists so the reactor and its dependency directions are fixed from the
 * start; its contents arrive with issue #7 (see docs/ and the issue tracker).
 */
package org.veilgrid.auction;
