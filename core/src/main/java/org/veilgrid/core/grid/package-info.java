/**
 * PromiseGrid's {@code grid} envelope (CBOR tag 1735551332 over [pCID link, slots…]) and protocol
 * CIDs computed from specification documents.
 */
package org.veilgrid.core.grid;
