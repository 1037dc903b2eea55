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
 * BFV parameters: ring degree N (a power of two), the RNS primes q<sub>0</sub>..q<sub>k-1</sub>
 * whose product is the ciphertext modulus Q, and the plaintext modulus t. Only the shape is
 * checked here; {@link BfvContext#create} checks security and everything the scheme needs.
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
     * @throws ParameterException if N is not a power of two in [2^10, 2^17], there are no
     *     primes, or t &lt; 2
     */
    public static BfvParameters of(int n, long plainModulus, List<Long> primes) {
        Objects.requireNonNull(primes, "primes");
        if (n < 1024 || n > (1 << 17) || Integer.bitCount(n) != 1) {
            throw new ParameterException("BFV ring degree N must be a power of two from 1024 to 131072, got " + n);
        }
        if (primes.isEmpty()) {
            throw new ParameterException("BFV needs at least one ciphertext prime");
        }
        if (plainModulus < 2) {
            throw new ParameterException("plaintext modulus t must be at least 2, got " + plainModulus);
        }
        return new BfvParameters(n, primes, plainModulus);
    }

    /** The preset's parameters; its primes are the largest NTT-friendly primes of each size. */
    public static BfvParameters preset(BfvPreset preset) {
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
        return of(preset.n(), BfvPreset.PLAIN_MODULUS, primes);
    }

    public int n() {
        return n;
    }

    public List<Long> primes() {
        return primes;
    }

    public long plainModulus() {
        return plainModulus;
    }

    /** log2(Q), exactly as a real number's ceiling would need: the bit length of Q. */
    public int logQ() {
        BigInteger q = BigInteger.ONE;
        for (long p : primes) {
            q = q.multiply(BigInteger.valueOf(p));
        }
        return q.bitLength();
    }

    @Override
    public String toString() {
        return "BfvParameters(N=" + n + ", log Q=" + logQ() + " in " + primes.size() + " primes, t=" + plainModulus + ")";
    }
}
