package org.veilgrid.fhe.ckks;

import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.fhe.rns.PolyArithmetic;
import org.veilgrid.fhe.rns.RingLevel;
import org.veilgrid.fhe.rns.RnsPoly;
import org.veilgrid.kernels.Kernels;

/**
 * Decrypts with the secret key: x = c0 + c1&middot;s modulo the level's Q, lifted to the
 * centered integers (mixed-radix digits, {@link MixedRadix}), divided by the scale and decoded. The result
 * carries the scheme's approximation error (encoding rounding, encryption noise, every
 * operation's rounding): CKKS is approximate by design.
 */
public final class Decryptor {
    private final CkksContext context;
    private final SecretKey sk;

    public Decryptor(CkksContext context, SecretKey sk) {
        Checks.sameContext(context, sk.context, "secret key");
        this.context = context;
        this.sk = sk;
    }

    /**
     * @throws ParameterException if the ciphertext belongs to another context or secret key
     */
    public ComplexSlots decrypt(Ciphertext c) {
        return context.encoder().decodeCoefficients(coefficients(c), c.scale);
    }

    /**
     * The largest coefficient, in magnitude, of c's decryption minus the encoding of the expected
     * slot values at c's scale: the &infin;-norm of c's error polynomial, the quantity a noise
     * flood must drown ({@link NoiseFlooding}). Computed in doubles (about 2^-53 of the
     * coefficients' size).
     *
     * @throws ParameterException as {@link #decrypt}, or if there are more than N/2 expected values
     */
    public double errorNorm(Ciphertext c, double[] expectedReal, double[] expectedImaginary) {
        double[] got = coefficients(c);
        double[] exact = context.encoder().encodeUnbounded(expectedReal, expectedImaginary, c.scale);
        double worst = 0;
        for (int j = 0; j < got.length; j++) {
            worst = Math.max(worst, Math.abs(got[j] - exact[j]));
        }
        java.util.Arrays.fill(got, 0);
        return worst;
    }

    private double[] coefficients(Ciphertext c) {
        Checks.sameContext(context, c.context, "ciphertext");
        if (!c.owner.equals(sk.keyId())) {
            throw new ParameterException("the ciphertext was encrypted under another secret key (key " + c.owner
                    + ") than this one (key " + sk.keyId() + ")");
        }
        RingLevel ring = context.ring(c.level);
        int n = context.n();
        int k = ring.primeCount();
        Kernels kernels = Kernels.get();
        RnsPoly x = new RnsPoly(n, k, true);
        for (int i = 0; i < k; i++) {
            kernels.mulAdd(ring.modulus(i), c.c1.data, i * n, sk.s.data, i * n, c.c0.data, i * n, x.data, i * n, n);
        }
        PolyArithmetic.fromNtt(ring.basis(), x);
        MixedRadix radix = context.mixedRadix(c.level);
        double[] coefficients = new double[n];
        long[] digits = new long[k];
        for (int j = 0; j < n; j++) {
            coefficients[j] = radix.centered(x.data, n, j, digits);
        }
        java.util.Arrays.fill(digits, 0);
        java.util.Arrays.fill(x.data, 0);
        return coefficients;
    }
}
