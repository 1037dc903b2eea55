package org.veilgrid.kernels;

/**
 * An argument a kernel cannot accept: a modulus out of range or not NTT-friendly, arrays of the
 * wrong length, offsets outside an array, a seed of the wrong size. Thrown by {@link Kernels}
 * before the Java or native code runs, so both paths reject the same input the same way.
 *
 * <p>Messages name the argument and the rule it broke; they never contain array contents.
 */
public final class KernelArgumentException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public KernelArgumentException(String message) {
        super(message);
    }
}
