/**
 * Small, boring utilities shared by the cryptographic engines: typed errors
 * ({@link org.veilgrid.core.errors}) and mutually-authenticated TLS identities for gRPC
 * ({@link org.veilgrid.core.tls}). Nothing here does cryptographic math; that lives in
 * {@code native} and the engines.
 */
package org.veilgrid.core;
