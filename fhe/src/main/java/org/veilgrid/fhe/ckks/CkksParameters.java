package org.veilgrid.fhe.ckks;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.kernels.KernelArgumentException;
import org.veilgrid.kernels.Primes;

/**
 * CKKS parameters: the ring degree N, the ciphertext primes q<sub>0</sub>..q<sub>L</sub> (q<sub>0</sub>
 * holds the result at the last level; each rescale divides by the last remaining prime), the
 * special prime P of key switching, and the default scale &Delta;. Values only; {@link
 * CkksContext} validates them, security included.
 */
public final class CkksParameters {
    private final int n;
    private final List<Long> ciphertextPrimes;
    private final long specialPrime;
    private final double scale;

    private CkksParameters(int n, List<Long> ciphertextPrimes, long specialPrime, double scale) {
        this.n = n;
        this.ciphertextPrimes = List.copyOf(ciphertextPrimes);
        this.specialPrime = specialPrime;
        this.scale = scale;
    }

    /**
     * Explicit parameters.
     *
     * @throws ParameterException if there is no ciphertext prime or the scale is not a positive
     *     finite number (the context checks the rest)
     */
    public static CkksParameters of(int n, List<Long> ciphertextPrimes, long specialPrime, double scale) {
        if (ciphertextPrimes.isEmpty()) {
            throw new ParameterException("CKKS parameters need at least one ciphertext prime");
        }
        if (!(scale > 1) || Double.isInfinite(scale)) {
            throw new ParameterException("the scale must be a finite number above 1, got " + scale);
        }
        return new CkksParameters(n, ciphertextPrimes, specialPrime, scale);
    }

    /** A preset's parameters: the largest NTT-friendly primes of each size, scale 2^scaleBits. */
    public static CkksParameters preset(CkksPreset preset) {
        int n = preset.n();
        try {
            List<Long> primes = new ArrayList<>();
            List<Long> big = Primes.nttPrimes(preset.firstBits(), n, preset.firstBits() == preset.specialBits() ? 2 : 1);
            primes.add(big.get(0));
            primes.addAll(Primes.nttPrimes(preset.scaleBits(), n, preset.depth()));
            long special = preset.firstBits() == preset.specialBits() ? big.get(1)
                    : Primes.nttPrimes(preset.specialBits(), n, 1).get(0);
            return new CkksParameters(n, primes, special, Math.scalb(1.0, preset.scaleBits()));
        } catch (KernelArgumentException e) {
            throw new ParameterException("no primes for preset " + preset + ": " + e.getMessage(), e);
        }
    }

    public int n() {
        return n;
    }

    /** q<sub>0</sub>..q<sub>L</sub>, the special prime excluded. */
    public List<Long> ciphertextPrimes() {
        return ciphertextPrimes;
    }

    public long specialPrime() {
        return specialPrime;
    }

    /** The default scale &Delta; for encoding. */
    public double scale() {
        return scale;
    }

    /** The bit length of Q&middot;P, the product of every prime: the figure the security table bounds. */
    public int logQ() {
        BigInteger q = BigInteger.valueOf(specialPrime);
        for (long p : ciphertextPrimes) {
            q = q.multiply(BigInteger.valueOf(p));
        }
        return q.bitLength();
    }

    @Override
    public String toString() {
        return "CkksParameters(N=" + n + ", log QP=" + logQ() + " in " + (ciphertextPrimes.size() + 1)
                + " primes, scale 2^" + Math.round(Math.log(scale) / Math.log(2)) + ")";
    }
}
