package org.veilgrid.fhe.rns;

import java.math.BigInteger;

import org.veilgrid.kernels.Modulus;
import org.veilgrid.kernels.RnsNttTables;

/**
 * One level of an RNS modulus chain, as both schemes (BFV, CKKS) use it: the ring degree N,
 * the level's ciphertext primes q<sub>0</sub>..q<sub>L-1</sub> and the special prime P of key
 * switching, with their NTT tables and the constants a key switch needs (P, P<sup>-1</sup> and
 * &minus;&lfloor;P/2&rfloor; modulo each q<sub>i</sub>). Immutable. Part of the fhe module's
 * internals (public only so that the scheme packages share it), not an application API.
 */
public final class RingLevel {
    private final int n;
    private final RnsBasis basis;
    private final RnsBasis keyBasis;
    private final long[] specialModQi;
    private final long[] specialInvModQi;
    private final long[] minusHalfSpecialModQi;

    /**
     * @param ciphertextPrimes the level's primes (distinct NTT-friendly primes for N)
     * @param specialPrime P, distinct from them
     * @throws org.veilgrid.kernels.KernelArgumentException if a prime does not suit the NTT of size N
     */
    public RingLevel(int n, long[] ciphertextPrimes, long specialPrime) {
        int k = ciphertextPrimes.length;
        this.n = n;
        Modulus[] moduli = new Modulus[k];
        Modulus[] keyModuli = new Modulus[k + 1];
        long[] all = new long[k + 1];
        for (int i = 0; i < k; i++) {
            moduli[i] = Modulus.of(ciphertextPrimes[i]);
            keyModuli[i] = moduli[i];
            all[i] = ciphertextPrimes[i];
        }
        keyModuli[k] = Modulus.of(specialPrime);
        all[k] = specialPrime;
        this.basis = new RnsBasis(n, moduli, RnsNttTables.create(n, ciphertextPrimes));
        this.keyBasis = new RnsBasis(n, keyModuli, RnsNttTables.create(n, all));
        this.specialModQi = new long[k];
        this.specialInvModQi = new long[k];
        this.minusHalfSpecialModQi = new long[k];
        BigInteger bigP = BigInteger.valueOf(specialPrime);
        for (int i = 0; i < k; i++) {
            BigInteger qi = BigInteger.valueOf(ciphertextPrimes[i]);
            specialModQi[i] = bigP.mod(qi).longValueExact();
            specialInvModQi[i] = bigP.modInverse(qi).longValueExact();
            minusHalfSpecialModQi[i] = bigP.shiftRight(1).negate().mod(qi).longValueExact();
        }
    }

    public int n() {
        return n;
    }

    /** The number of ciphertext primes at this level (P not counted). */
    public int primeCount() {
        return basis.size();
    }

    /** The level's ciphertext primes. */
    public RnsBasis basis() {
        return basis;
    }

    /** The level's ciphertext primes followed by P: where secret and key-switching keys live. */
    public RnsBasis keyBasis() {
        return keyBasis;
    }

    public Modulus modulus(int i) {
        return basis.moduli[i];
    }

    public Modulus specialModulus() {
        return keyBasis.moduli[basis.size()];
    }

    /** P mod q<sub>i</sub>. */
    public long specialModQi(int i) {
        return specialModQi[i];
    }

    /** P<sup>-1</sup> mod q<sub>i</sub>. */
    public long specialInvModQi(int i) {
        return specialInvModQi[i];
    }

    /** &minus;&lfloor;P/2&rfloor; mod q<sub>i</sub>. */
    public long minusHalfSpecialModQi(int i) {
        return minusHalfSpecialModQi[i];
    }

    @Override
    public String toString() {
        return "RingLevel(N=" + n + ", " + basis.size() + " primes + P)";
    }
}
