package org.veilgrid.fhe.bfv;

import org.veilgrid.fhe.rns.RnsPoly;

/**
 * The two steps of a BFV ciphertext product that leave the ciphertext modulus Q: lifting an
 * operand to the extended basis Q&middot;P, and scaling a tensor component by t/Q back to Q.
 * {@link RnsTensor} does them in RNS; {@link ExactTensor} with big integers, as its oracle.
 */
interface TensorArithmetic {
    /**
     * A polynomial over Q (NTT form) as centered integers, in NTT form over Q&middot;P, into
     * {@code out} (all of it written).
     */
    void lift(RnsPoly p, long[] out);

    /**
     * round(t&middot;d / Q) mod Q for a tensor component d over Q&middot;P into {@code out}
     * (coefficient form in and out, all of out written; d is left as it was). The caller runs
     * the inverse NTT of d's rows, so that it can spread them over threads.
     */
    void scaleDown(long[] d, RnsPoly out);
}
