/**
 * Secret sharing and an n-party honest-majority MPC engine over gRPC with mutual TLS (issue #5);
 * one-shot private aggregation is to follow (#6). Depends on {@code native} and {@code core};
 * never on {@code fhe} or {@code zk}.
 *
 * <ul>
 *   <li>{@link org.veilgrid.mpc.field}: F_p with p = 2^127 − 1 on packed vectors, Shamir and
 *       additive sharing, the AES-CTR field PRG;</li>
 *   <li>{@link org.veilgrid.mpc.config}: the validated description of a run;</li>
 *   <li>{@link org.veilgrid.mpc.net}: each party's gRPC server and channels, the wire codec,
 *       aborts that name the culprit, outside clients' inputs;</li>
 *   <li>{@link org.veilgrid.mpc.engine}: the program API ({@code MpcSession}, {@code Shared},
 *       {@code Public}, {@code PrivateOutput}) and the protocols behind it.</li>
 * </ul>
 * The protocol note, threat model and wire format are in {@code docs/mpc.md}.
 */
package org.veilgrid.mpc;
