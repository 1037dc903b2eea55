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
            // One pool per bit size, so that equal sizes (first, scale and special primes all
            // 60 bits, say) take distinct primes.
            java.util.Map<Integer, Integer> need = new java.util.TreeMap<>();
            need.merge(preset.firstBits(), 1, Integer::sum);
            need.merge(preset.scaleBits(), preset.depth(), Integer::sum);
            need.merge(preset.specialBits(), 1, Integer::sum);
            java.util.Map<Integer, java.util.Iterator<Long>> pools = new java.util.HashMap<>();
            for (var e : need.entrySet()) {
                pools.put(e.getKey(), Primes.nttPrimes(e.getKey(), n, e.getValue()).iterator());
            }
            List<Long> primes = new ArrayList<>();
            primes.add(pools.get(preset.firstBits()).next());
            long special = pools.get(preset.specialBits()).next();
            for (int i = 0; i < preset.depth(); i++) {
                primes.add(pools.get(preset.scaleBits()).next());
            }
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
