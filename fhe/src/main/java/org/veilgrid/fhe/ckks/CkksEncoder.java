package org.veilgrid.fhe.ckks;

import org.veilgrid.core.errors.ParameterException;

/**
 * CKKS encoding: up to N/2 complex values z to the integer polynomial round(&Delta;&middot;m)
 * with m = &sigma;<sup>-1</sup>(z), the real polynomial whose values at the roots
 * &zeta;<sup>5<sup>j</sup></sup> are the z<sub>j</sub> (canonical embedding, {@link SpecialFft}),
 * and back. &Delta; is the scale: the rounding adds an error of at most 1/2 per coefficient,
 * about &radic;N/(2&Delta;) in each slot, so log2(&Delta;) bits buy about log2(&Delta;) −
 * log2(N)/2 bits of precision.
 *
 * <p>Slot j of the encoding and X &rarr; X<sup>5</sup> agree: applying that automorphism to the
 * polynomial rotates the slots left by one; X &rarr; X<sup>-1</sup> conjugates every slot. One
 * encoder serves one ring degree; it is immutable and thread-safe.
 */
public final class CkksEncoder {
    /** Coefficients must stay below this in magnitude to be taken modulo the 62-bit primes. */
    static final double MAX_COEFFICIENT = 0x1p62;

    private final int n;
    private final SpecialFft fft;

    /**
     * @throws ParameterException unless N is a power of two from 4 to 65536
     */
    public CkksEncoder(int n) {
        if (n < 4 || n > 65536 || Integer.bitCount(n) != 1) {
            throw new ParameterException("the ring degree N must be a power of two from 4 to 65536, got " + n);
        }
        this.n = n;
        this.fft = new SpecialFft(n);
    }

    public int n() {
        return n;
    }

    /** The number of complex slots, N/2. */
    public int slots() {
        return n / 2;
    }

    /** {@link #encode(double[], double[], double)} of real values (zero imaginary parts). */
    public long[] encode(double[] values, double scale) {
        return encode(values, null, scale);
    }

    /**
     * The signed coefficients of round(scale &middot; &sigma;<sup>-1</sup>(z)) for z<sub>j</sub> =
     * re<sub>j</sub> + i&middot;im<sub>j</sub>; missing slots are zero.
     *
     * @param im the imaginary parts, or null for real values
     * @throws ParameterException if there are more than N/2 values, a value or the scale is not
     *     finite, the scale is not positive, or a coefficient would reach 2<sup>62</sup> in
     *     magnitude (values or scale too large)
     */
    public long[] encode(double[] re, double[] im, double scale) {
        double[] rounded = encodeUnbounded(re, im, scale);
        long[] coefficients = new long[n];
        for (int i = 0; i < n; i++) {
            if (!(Math.abs(rounded[i]) < MAX_COEFFICIENT)) {
                // The size of a private value's encoding is not reported, only that it is too large.
                throw new ParameterException("coefficient " + i + " of the encoding would reach 2^62: lower the scale or the values");
            }
            coefficients[i] = (long) rounded[i];
        }
        java.util.Arrays.fill(rounded, 0);
        return coefficients;
    }

    /**
     * As {@link #encode(double[], double[], double)} with no bound on the coefficients' size:
     * round(scale &middot; &sigma;<sup>-1</sup>(z)) as doubles (integers, exact up to 2^53,
     * otherwise the nearest double: a relative error of 2^-53, as the values themselves carry).
     * For scales beyond 2^62 divided by the values, e.g. a product's scale.
     */
    double[] encodeUnbounded(double[] re, double[] im, double scale) {
        int slots = slots();
        if (re.length > slots || (im != null && im.length > slots)) {
            throw new ParameterException("a CKKS plaintext holds at most N/2 = " + slots + " values, got "
                    + Math.max(re.length, im == null ? 0 : im.length));
        }
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new ParameterException("the scale must be a positive finite number, got " + scale);
        }
        double[] fr = new double[slots];
        double[] fi = new double[slots];
        for (int j = 0; j < re.length; j++) {
            fr[j] = finite(re[j], j);
        }
        if (im != null) {
            for (int j = 0; j < im.length; j++) {
                fi[j] = finite(im[j], j);
            }
        }
        fft.inverse(fr, fi);
        double[] coefficients = new double[n];
        for (int i = 0; i < slots; i++) {
            coefficients[i] = Math.rint(fr[i] * scale);
            coefficients[i + slots] = Math.rint(fi[i] * scale);
        }
        return coefficients;
    }

    /**
     * The slot values of the polynomial with these signed coefficients, divided by the scale.
     *
     * @throws ParameterException if there are not N coefficients or the scale is not positive
     */
    public ComplexSlots decode(long[] coefficients, double scale) {
        if (coefficients.length != n) {
            throw new ParameterException("a CKKS plaintext has N = " + n + " coefficients, got " + coefficients.length);
        }
        double[] asDoubles = new double[n];
        for (int i = 0; i < n; i++) {
            asDoubles[i] = coefficients[i];
        }
        return decodeCoefficients(asDoubles, scale);
    }

    /** As {@link #decode(long[], double)} for coefficients already converted to doubles (the decryptor's path). */
    ComplexSlots decodeCoefficients(double[] coefficients, double scale) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new ParameterException("the scale must be a positive finite number, got " + scale);
        }
        int slots = slots();
        double[] re = new double[slots];
        double[] im = new double[slots];
        double inv = 1.0 / scale;
        for (int i = 0; i < slots; i++) {
            re[i] = coefficients[i] * inv;
            im[i] = coefficients[i + slots] * inv;
        }
        fft.forward(re, im);
        return new ComplexSlots(re, im);
    }

    private static double finite(double v, int slot) {
        if (!Double.isFinite(v)) {
            throw new ParameterException("slot " + slot + " holds a value that is not finite");
        }
        return v;
    }
}
