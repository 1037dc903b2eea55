/**
 * Signed statements as COSE_Sign1 (RFC 9052) with EdDSA/Ed25519: {@link org.veilgrid.core.cose.Signed}
 * signs and verifies, a {@link org.veilgrid.core.cose.StatementType} says how one kind of
 * statement is written and read.
 */
package org.veilgrid.core.cose;
