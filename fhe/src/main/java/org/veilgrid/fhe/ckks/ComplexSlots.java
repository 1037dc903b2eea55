package org.veilgrid.fhe.ckks;

import java.util.Arrays;

/**
 * The N/2 complex values a CKKS plaintext holds, one per slot, as two arrays (real and imaginary
 * parts). Immutable: the accessors return copies. Its {@link #toString} shows no values, which
 * may be private.
 */
public final class ComplexSlots {
    private final double[] re;
    private final double[] im;

    ComplexSlots(double[] re, double[] im) {
        this.re = re;
        this.im = im;
    }

    /** The number of slots, N/2. */
    public int length() {
        return re.length;
    }

    /** The real parts. */
    public double[] real() {
        return re.clone();
    }

    /** The imaginary parts. */
    public double[] imaginary() {
        return im.clone();
    }

    public double real(int slot) {
        return re[slot];
    }

    public double imaginary(int slot) {
        return im[slot];
    }

    /** The largest |this<sub>j</sub> − other<sub>j</sub>| over the first {@code count} slots. */
    public double maxDistance(double[] otherRe, double[] otherIm, int count) {
        double worst = 0;
        for (int j = 0; j < count; j++) {
            double dr = re[j] - (j < otherRe.length ? otherRe[j] : 0);
            double di = im[j] - (otherIm != null && j < otherIm.length ? otherIm[j] : 0);
            worst = Math.max(worst, Math.hypot(dr, di));
        }
        return worst;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ComplexSlots s && Arrays.equals(re, s.re) && Arrays.equals(im, s.im);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(re) + Arrays.hashCode(im);
    }

    @Override
    public String toString() {
        return "ComplexSlots(" + re.length + " slots)";
    }
}
