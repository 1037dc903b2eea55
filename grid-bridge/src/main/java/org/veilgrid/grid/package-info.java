/**
 * Grid nodes serving byte completions (bytes in, bytes out, one round trip), encrypted end to end with FHE, with signed promises, ZK-verifiable receipts and routing by exchange rates from {@code auction-private}.
 *
 * <p>Status (issue #8, in progress): the byte n-gram model ({@link org.veilgrid.grid.model.NGramModel})
 * and its training corpus; the node service, encrypted completions, promises, receipts and
 * routing come next.
 */
package org.veilgrid.grid;
