/**
 * Fiat–Shamir transcripts. Every proof in the zk module runs on {@link
 * org.veilgrid.zk.transcript.Transcript}: the prover and verifier append the same public
 * messages in the same order with the same labels, so both derive the same challenges; any
 * change to a message changes every later challenge and the proof stops verifying.
 */
package org.veilgrid.zk.transcript;
