package org.veilgrid.fhe.bfv;

import java.math.BigInteger;

import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.fhe.rns.PolyArithmetic;
import org.veilgrid.fhe.rns.RnsPoly;
import org.veilgrid.fhe.rns.Scratch;

/**
 * Decrypts with the secret key: m = round(t&middot;[c0 + c1&middot;s]<sub>Q</sub> / Q) mod t,
 * computed in RNS with fixed-point fractions ({@link RnsDecoder}); the noise budget is measured
 * exactly, by Chinese remaindering each coefficient into [0, Q) (slower, for diagnostics).
 *
 * <p>The invariant noise budget (as in SEAL) is log2(Q / (2&middot;max|[t&middot;x]<sub>Q</sub>|))
 * with x = c0 + c1&middot;s. Decryption is correct while the true noise stays below Q/2; once
 * it wraps, [t&middot;x]<sub>Q</sub> is close to uniform and its maximum over N coefficients sits
 * next to Q/2, so the measured budget drops below one bit with overwhelming probability.
 * {@link #decrypt} therefore refuses any ciphertext with less than one bit left rather than
 * risk a wrong plaintext (a few valid ciphertexts with under one bit are refused too).
 */
public final class Decryptor {
    private final BfvContext context;
    private final SecretKey sk;

    public Decryptor(BfvContext context, SecretKey sk) {
        Checks.sameContext(context, sk.context(), "secret key");
        this.context = context;
        this.sk = sk;
    }

    /**
     * @throws ParameterException if the ciphertext was encrypted under another secret key
     * @throws VerificationFailedException if the noise budget is exhausted, so that the result
     *     would be wrong
     */
    public Plaintext decrypt(Ciphertext c) {
        BfvContext context = levelOf(c);
        int n = context.n();
        // x = c0 + c1 s holds the message and its noise: it lives in this thread's scratch (warm
        // in cache, no allocation) and is wiped before returning.
        RnsPoly x = RnsPoly.over(Scratch.get().vector(Scratch.Slot.DECRYPT_X, context.primeCount() * n), true);
        boolean ok;
        try {
            innerProductInto(context, c, x);
            long[] m = new long[n];
            ok = context.rnsDecoder().decode(x.data, n, m);
            if (ok) {
                return Plaintext.wrapReduced(m); // the kernel's outputs lie in [0, t)
            }
        } finally {
            java.util.Arrays.fill(x.data, 0);
        }
        throw new VerificationFailedException("ciphertext noise budget is exhausted; decryption would be wrong");
    }

    /** The ciphertext's level, after checking that it belongs to this key. */
    private BfvContext levelOf(Ciphertext c) {
        BfvContext level = Checks.inChain(context, c);
        if (!sk.keyId().equals(c.keyId())) {
            // Decrypting under the wrong key yields noise; say what is actually wrong.
            throw new ParameterException("the ciphertext was encrypted under another secret key (key " + c.keyId()
                    + ") than this one (key " + sk.keyId() + "); decrypt it with the key it was made for");
        }
        return level;
    }

    /** c0 + c1 s in coefficient form, with the key restricted to the ciphertext's level. */
    private RnsPoly innerProduct(BfvContext context, Ciphertext c) {
        RnsPoly x = new RnsPoly(context.n(), context.primeCount(), true);
        innerProductInto(context, c, x);
        return x;
    }

    /**
     * x = c0 + c1 s (one fused pass per prime), then to coefficient form. At a lower level the
     * key is the same polynomial: its rows for the remaining primes are used in place.
     */
    private void innerProductInto(BfvContext context, Ciphertext c, RnsPoly x) {
        int n = context.n();
        org.veilgrid.kernels.Kernels kernels = context.kernels();
        for (int i = 0; i < context.primeCount(); i++) {
            int off = i * n;
            kernels.mulAdd(context.modulus(i), c.c1.data, off, sk.s.data, off, c.c0.data, off, x.data, off, n);
        }
        x.ntt = true;
        PolyArithmetic.fromNtt(context.basis(), x);
    }

    /** The exact big-integer decryption; the test oracle for the RNS path. */
    Plaintext decryptExact(Ciphertext c) {
        return run(c).plaintext;
    }

    /**
     * The remaining noise budget in bits (below 1 means exhausted; never negative).
     *
     * @throws ParameterException if the ciphertext was encrypted under another secret key
     */
    public double noiseBudget(Ciphertext c) {
        return Math.max(0, run(c).budgetBits);
    }

    private static final class Result {
        final Plaintext plaintext;
        final double budgetBits;

        Result(Plaintext plaintext, double budgetBits) {
            this.plaintext = plaintext;
            this.budgetBits = budgetBits;
        }
    }

    private Result run(Ciphertext c) {
        BfvContext context = levelOf(c);
        int n = context.n();
        // At a lower level the key is the same polynomial: keep the residues of the remaining primes.
        RnsPoly x = innerProduct(context, c);
        BigInteger q = context.bigQ();
        BigInteger halfQ = q.shiftRight(1);
        BigInteger t = BigInteger.valueOf(context.parameters().plainModulus());
        long[] m = new long[n];
        BigInteger worst = BigInteger.ZERO;
        for (int j = 0; j < n; j++) {
            BigInteger xj = context.compose(x.data, j);
            BigInteger tx = xj.multiply(t);
            // round(t x / Q) = floor((t x + Q/2) / Q)
            m[j] = tx.add(halfQ).divide(q).mod(t).longValueExact();
            BigInteger v = tx.mod(q);
            if (v.compareTo(halfQ) > 0) {
                v = q.subtract(v);
            }
            if (v.compareTo(worst) > 0) {
                worst = v;
            }
        }
        java.util.Arrays.fill(x.data, 0);
        double budget = worst.signum() == 0 ? log2(q) - 1 : log2(q) - 1 - log2(worst);
        return new Result(Plaintext.of(context, m), budget);
    }

    static double log2(BigInteger v) {
        int shift = Math.max(0, v.bitLength() - 60);
        return shift + Math.log(v.shiftRight(shift).doubleValue()) / Math.log(2);
    }
}
