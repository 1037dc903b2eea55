package org.veilgrid.zk.bulletproofs;

import org.veilgrid.core.errors.ParameterException;

/**
 * Bit width n ∈ {8, 16, 32, 64} and number of aggregated values m ∈ {1, 2, 4, …, 64} of a
 * range proof. m is a power of two so that n·m is one and the inner-product argument halves
 * evenly (callers with another count pad with commitments to 0).
 */
public record RangeParameters(int bits, int values) {
    public RangeParameters {
        if (bits != 8 && bits != 16 && bits != 32 && bits != 64) {
            throw new ParameterException("range proof bit width must be 8, 16, 32 or 64, got " + bits);
        }
        if (values < 1 || values > 64 || Integer.bitCount(values) != 1) {
            throw new ParameterException("aggregated value count must be a power of two in [1, 64], got " + values);
        }
    }

    /** n·m, the length of the bit vectors. */
    public int size() {
        return bits * values;
    }

    /** log2(n·m), the number of inner-product rounds. */
    public int rounds() {
        return Integer.numberOfTrailingZeros(size());
    }

    /** Encoded proof length: (2·log2(n·m) + 9) · 32 bytes. */
    public int proofLength() {
        return 32 * (2 * rounds() + 9);
    }
}
