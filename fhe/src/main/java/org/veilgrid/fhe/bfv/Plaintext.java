package org.veilgrid.fhe.bfv;

import java.util.Arrays;

import org.veilgrid.core.errors.ParameterException;

/** A BFV plaintext: a polynomial of Z<sub>t</sub>[X]/(X<sup>N</sup>+1), N coefficients in [0, t). */
public final class Plaintext {
    private final long[] coefficients;

    private Plaintext(long[] coefficients) {
        this.coefficients = coefficients;
    }

    /**
     * @throws ParameterException if there are not exactly N coefficients or one lies outside [0, t)
     */
    public static Plaintext of(BfvContext context, long[] coefficients) {
        int n = context.n();
        long t = context.parameters().plainModulus();
        if (coefficients.length != n) {
            throw new ParameterException("a plaintext has N = " + n + " coefficients, got " + coefficients.length);
        }
        for (int i = 0; i < n; i++) {
            if (coefficients[i] < 0 || coefficients[i] >= t) {
                throw new ParameterException("plaintext coefficient " + i + " lies outside [0, t = " + t + ")");
            }
        }
        return new Plaintext(coefficients.clone());
    }

    /**
     * Takes {@code coefficients} as they are (no copy, no range check): for a kernel's output,
     * already known to lie in [0, t).
     */
    static Plaintext wrapReduced(long[] coefficients) {
        return new Plaintext(coefficients);
    }

    /** A copy of the coefficients. */
    public long[] coefficients() {
        return coefficients.clone();
    }

    long[] raw() {
        return coefficients;
    }

    public int n() {
        return coefficients.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Plaintext && Arrays.equals(coefficients, ((Plaintext) o).coefficients);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(coefficients);
    }

    @Override
    public String toString() {
        // Plaintexts are private data: describe, never print.
        return "Plaintext(N=" + coefficients.length + ")";
    }
}
