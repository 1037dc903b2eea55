/**
 * Deterministic CBOR (RFC 8949 §4.2.1) with a strict decoder: the one wire encoding of every
 * signed statement and grid envelope. See {@link org.veilgrid.core.cbor.Cbor}.
 */
package org.veilgrid.core.cbor;
