package org.veilgrid.fhe.bfv;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.kernels.KernelArgumentException;
import org.veilgrid.kernels.Primes;

/**
 * BFV parameters: ring degree N (a power of two), a list of RNS primes, and the plaintext
 * modulus t. As in SEAL, all primes but the last form the ciphertext modulus
 * Q = q<sub>0</sub>&middot;&middot;&middot;q<sub>k-1</sub>; the last, the <em>special prime</em> P, only
 * appears in key-switching keys (hybrid key switching: the switch is computed modulo Q&middot;P
 * and divided by P, which keeps its noise negligible). Security is judged on the bit length of
 * Q&middot;P, since the keys live modulo Q&middot;P. Only the shape is checked here;
 * {@link BfvContext#create} checks security and everything the scheme needs.
 */
public final class BfvParameters {
    private final int n;
    private final List<Long> primes;
    private final long plainModulus;

    private BfvParameters(int n, List<Long> primes, long plainModulus) {
        this.n = n;
        this.primes = List.copyOf(primes);
        this.plainModulus = plainModulus;
    }

    /**
     * @param primes the ciphertext primes followed by the special prime (at least two in all)
     * @throws ParameterException if N is not a power of two in [2^10, 2^17], there are fewer
     *     than two primes, or t &lt; 2
     */
    public static BfvParameters of(int n, long plainModulus, List<Long> primes) {
        Objects.requireNonNull(primes, "primes");
        if (n < 1024 || n > (1 << 17) || Integer.bitCount(n) != 1) {
            throw new ParameterException("BFV ring degree N must be a power of two from 1024 to 131072, got " + n);
        }
        if (primes.size() < 2) {
            throw new ParameterException("BFV needs at least two primes (ciphertext primes, then the special"
                    + " key-switching prime), got " + primes.size());
        }
        if (plainModulus < 2) {
            throw new ParameterException("plaintext modulus t must be at least 2, got " + plainModulus);
        }
        return new BfvParameters(n, primes, plainModulus);
    }

    /** The preset's parameters; its primes are the largest NTT-friendly primes of each size. */
    public static BfvParameters preset(BfvPreset preset) {
        return preset(preset, BfvPreset.PLAIN_MODULUS);
    }

    /**
     * The preset's primes with another plaintext modulus (for batching, a prime t &equiv; 1 mod
     * 2N, e.g. {@code Primes.nttPrimes(20, N, 1).get(0)} for a 20-bit one).
     */
    public static BfvParameters preset(BfvPreset preset, long plainModulus) {
        Map<Integer, Integer> countByBits = new LinkedHashMap<>();
        for (int b : preset.primeBits()) {
            countByBits.merge(b, 1, Integer::sum);
        }
        List<Long> primes = new ArrayList<>();
        try {
            countByBits.forEach((bits, count) -> primes.addAll(Primes.nttPrimes(bits, preset.n(), count)));
        } catch (KernelArgumentException e) {
            throw new ParameterException("cannot build preset " + preset + ": " + e.getMessage(), e);
        }
        // The largest prime becomes the special prime (the last).
        Long largest = java.util.Collections.max(primes);
        primes.remove(largest);
        primes.add(largest);
        return of(preset.n(), plainModulus, primes);
    }

    public int n() {
        return n;
    }

    /** Every prime: the ciphertext primes, then the special prime. */
    public List<Long> primes() {
        return primes;
    }

    /** The ciphertext primes q<sub>0</sub>..q<sub>k-1</sub> (all but the last). */
    public List<Long> ciphertextPrimes() {
        return primes.subList(0, primes.size() - 1);
    }

    /** The special prime P of key switching (the last). */
    public long specialPrime() {
        return primes.get(primes.size() - 1);
    }

    public long plainModulus() {
        return plainModulus;
    }

    /**
     * The bit length of Q&middot;P, the product of every prime: the figure the security table
     * bounds.
     */
    public int logQ() {
        BigInteger q = BigInteger.ONE;
        for (long p : primes) {
            q = q.multiply(BigInteger.valueOf(p));
        }
        return q.bitLength();
    }

    @Override
    public String toString() {
        return "BfvParameters(N=" + n + ", log QP=" + logQ() + " in " + primes.size() + " primes, t=" + plainModulus + ")";
    }
}
