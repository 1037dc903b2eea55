/**
 * Example programs on the MPC engine's API ({@code org.veilgrid.mpc.engine}) that the command
 * line and the demo run: {@link org.veilgrid.examples.mpc.SampleComputation}, behind
 * {@code veil mpc demo} and {@code veil mpc party}. They live here, not in the {@code mpc}
 * library, because they are demonstrations, not protocols a deployment builds on.
 */
package org.veilgrid.examples.mpc;
