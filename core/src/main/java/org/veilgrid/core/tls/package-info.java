/**
 * Per-party TLS identities and mutually-authenticated gRPC.
 *
 * <p>Parties from different institutions talk gRPC over mutual TLS: each side presents a
 * certificate and checks the other's against a CA it trusts. For local runs and tests,
 * {@link org.veilgrid.core.tls.CertificateAuthority} mints a throw-away CA and per-party
 * certificates with BouncyCastle; {@link org.veilgrid.core.tls.MutualTls} turns a
 * {@link org.veilgrid.core.tls.TlsIdentity} into gRPC server and channel credentials; and
 * {@link org.veilgrid.core.tls.PeerIdentity} tells a server handler which party is calling.
 */
package org.veilgrid.core.tls;
