/**
 * Grid nodes serving byte completions (bytes in, bytes out, one round trip), encrypted end to end with FHE, with signed promises, ZK-verifiable receipts and routing by exchange rates from {@code auction-private}.
 *
 * <p>Status: the module exists so the reactor and its dependency directions are fixed from the
 * start; its contents arrive with issue #8 (see docs/ and the issue tracker).
 */
package org.veilgrid.grid;
