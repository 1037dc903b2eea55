/**
 * Agent identity keys (Ed25519) as types: {@link org.veilgrid.core.identity.AgentKey} signs,
 * {@link org.veilgrid.core.identity.AgentPublicKey} verifies and has a
 * {@link org.veilgrid.core.identity.KeyFingerprint} (RFC 9679 COSE key thumbprint).
 */
package org.veilgrid.core.identity;
