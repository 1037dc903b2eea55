/**
 * The MPC engine and its program API.
 *
 * <p>A protocol is written once and run by every party on its own
 * {@link org.veilgrid.mpc.engine.MpcSession}: inputs ({@code input}, {@code inputFromClient}),
 * arithmetic on {@link org.veilgrid.mpc.engine.Shared} vectors (add, multiply by public values,
 * multiply, sums, prefix sums, slices), comparisons and selection
 * ({@link org.veilgrid.mpc.engine.Comparisons}), and outputs ({@code open} to all,
 * {@code openTo} one party). Values are lazy; the engine batches every operation that is ready
 * into one round, so independent work costs no extra rounds.
 *
 * <p>Protocols: Shamir sharing with t &lt; n/2; PRSS for correlated randomness
 * ({@link org.veilgrid.mpc.engine.Prss}); Damgård–Nielsen multiplication with PRSS double random
 * sharings (one round); random bits from PRSS (n = 3) or square roots; Catrina–de Hoogh
 * comparisons with 40-bit statistical security on 64-bit operands. Two modes
 * ({@link org.veilgrid.mpc.engine.Security}): semi-honest, or security with abort against a
 * malicious minority after Chida et al. (CRYPTO 2018) — MACs [R·x] on every value, a
 * verification ({@code VerifyStep}) before every output, checked openings. Faults abort with the
 * culprit named where it can be told. See {@code docs/mpc.md}.
 *
 * <p>Inside, {@code MpcSession} records the program's steps and a protocol-agnostic
 * {@code Scheduler} runs them in rounds; each interactive protocol step is a package-private
 * class of its own ({@code OpenStep}, {@code CheckedOpenStep}, {@code OpenToStep},
 * {@code MultiplyStep}, {@code InputStep}, {@code ClientInputStep}, {@code RandomBits},
 * {@code MacStep}, {@code VerifyStep}) whose
 * comment is its protocol note, sharing a small {@code PartyContext} (reconstruction sets,
 * Lagrange coefficients, PRSS, the dealer PRG).
 *
 * <p>{@link org.veilgrid.mpc.engine.LoopbackCluster} runs n parties in one JVM (each with its
 * own server) for demos, benchmarks and tests; a party of its own process is a
 * {@link org.veilgrid.mpc.net.PartyNetwork} and an {@link org.veilgrid.mpc.engine.MpcSession} on
 * it. Example programs (the sample computation of {@code veil mpc demo|party}) live in the
 * {@code examples} module, not here.
 */
package org.veilgrid.mpc.engine;
