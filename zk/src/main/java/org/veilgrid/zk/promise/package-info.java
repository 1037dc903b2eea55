/**
 * Promises proved kept. An agent signs a {@link org.veilgrid.zk.promise.Promise} (a COSE_Sign1, Ed25519) with
 * public terms and Pedersen commitments to private terms; the beneficiary later signs a {@link
 * org.veilgrid.zk.promise.Receipt} with commitments to what happened; the agent then publishes a
 * {@link org.veilgrid.zk.promise.FulfilmentProof} of claims relating the two (delivered ≥
 * promised, paid ≤ limit, a value in a range, equality with another party's commitment), which
 * anyone verifies from the two signed documents and the proof alone — no private number is
 * revealed. Promise and receipt are COSE_Sign1 statements (core's {@code Signed}), the proof and
 * the openings versioned deterministic CBOR; all decoders are strict (see each class) and fuzzed
 * with Jazzer.
 */
package org.veilgrid.zk.promise;
