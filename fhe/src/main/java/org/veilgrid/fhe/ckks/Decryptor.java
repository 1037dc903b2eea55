package org.veilgrid.fhe.ckks;

import java.math.BigInteger;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.fhe.rns.PolyArithmetic;
import org.veilgrid.fhe.rns.RingLevel;
import org.veilgrid.fhe.rns.RnsPoly;
import org.veilgrid.kernels.Kernels;

/**
 * Decrypts with the secret key: x = c0 + c1&middot;s modulo the level's Q, lifted to the
 * centered integers by Chinese remaindering, divided by the scale and decoded. The result
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
        Checks.sameContext(context, c.context, "ciphertext");
        if (c.owner != sk) {
            throw new ParameterException("the ciphertext was encrypted under another secret key than this one");
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
        BigInteger[] crt = context.crt(c.level);
        BigInteger q = crt[0];
        BigInteger half = q.shiftRight(1);
        double[] coefficients = new double[n];
        for (int j = 0; j < n; j++) {
            BigInteger v = BigInteger.ZERO;
            for (int i = 0; i < k; i++) {
                v = v.add(crt[i + 1].multiply(BigInteger.valueOf(x.data[i * n + j])));
            }
            v = v.mod(q);
            if (v.compareTo(half) > 0) {
                v = v.subtract(q);
            }
            coefficients[j] = v.doubleValue();
        }
        java.util.Arrays.fill(x.data, 0);
        return context.encoder().decodeCoefficients(coefficients, c.scale);
    }
}
