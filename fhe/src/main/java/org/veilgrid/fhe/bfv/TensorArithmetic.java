package org.veilgrid.fhe.bfv;

/**
 * The two steps of a BFV ciphertext product that leave the ciphertext modulus Q: lifting an
 * operand to the extended basis Q&middot;P, and scaling a tensor component by t/Q back to Q.
 * {@link RnsTensor} does them in RNS; {@link ExactTensor} with big integers, as its oracle.
 */
interface TensorArithmetic {
    /** A polynomial over Q (NTT form) as centered integers, in NTT form over Q&middot;P. */
    long[] lift(RnsPoly p);

    /** round(t&middot;d / Q) mod Q for a tensor component d over Q&middot;P (NTT form in, coefficient form out; d is overwritten). */
    RnsPoly scaleDown(long[] d);
}
