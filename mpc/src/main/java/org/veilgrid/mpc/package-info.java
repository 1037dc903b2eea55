/**
 * Secret sharing and an n-party honest-majority MPC engine over gRPC with mutual TLS, and one-shot private aggregation. Depends on {@code native} and {@code core}; never on {@code fhe} or {@code zk}.
 *
 * <p>Status: the module exists so the reactor and its dependency directions are fixed from the
 * start; its contents arrive with issue #5 (see docs/ and the issue tracker).
 */
package org.veilgrid.mpc;
