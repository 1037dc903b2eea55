package org.veilgrid.fhe.ckks;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.fhe.SecurityTable;
import org.veilgrid.fhe.rns.PolyArithmetic;
import org.veilgrid.fhe.rns.RingLevel;
import org.veilgrid.fhe.rns.RnsPoly;
import org.veilgrid.kernels.KernelArgumentException;

/**
 * Validated CKKS parameters and what is precomputed from them: one {@link RingLevel} per level
 * of the modulus chain (level 0 has every ciphertext prime; each rescale moves a ciphertext one
 * level down, dropping the last prime), the mixed-radix constants decryption needs, and the encoder.
 * Built once, shared by the key generator, encryptor, decryptor and evaluator; immutable and
 * thread-safe.
 */
public final class CkksContext {
    private final CkksParameters params;
    private final List<RingLevel> levels;
    private final List<MixedRadix> radix;
    private final CkksEncoder encoder;

    private CkksContext(CkksParameters params) {
        this.params = params;
        int n = params.n();
        List<Long> primes = params.ciphertextPrimes();
        Set<Long> distinct = new HashSet<>(primes);
        distinct.add(params.specialPrime());
        if (distinct.size() != primes.size() + 1) {
            throw new ParameterException("the primes of CKKS parameters must be distinct");
        }
        int specialBits = 64 - Long.numberOfLeadingZeros(params.specialPrime());
        for (long p : primes) {
            if (64 - Long.numberOfLeadingZeros(p) > specialBits) {
                throw new ParameterException("the special prime P = " + params.specialPrime() + " must be at least as long"
                        + " as every ciphertext prime; " + p + " has more bits, which would make key switching noisy");
            }
        }
        this.encoder = new CkksEncoder(n);
        this.levels = new ArrayList<>();
        this.radix = new ArrayList<>();
        try {
            for (int count = primes.size(); count >= 1; count--) {
                long[] ps = new long[count];
                for (int i = 0; i < count; i++) {
                    ps[i] = primes.get(i);
                }
                RingLevel ring = new RingLevel(n, ps, params.specialPrime());
                levels.add(ring);
                org.veilgrid.kernels.Modulus[] moduli = new org.veilgrid.kernels.Modulus[count];
                for (int i = 0; i < count; i++) {
                    moduli[i] = ring.modulus(i);
                }
                radix.add(new MixedRadix(moduli));
            }
        } catch (KernelArgumentException e) {
            throw new ParameterException("invalid CKKS parameters: " + e.getMessage(), e);
        }
    }

    /**
     * Validates the parameters, including 128-bit classical security.
     *
     * @throws ParameterException naming the rule the parameters break
     */
    public static CkksContext create(CkksParameters params) {
        int maxLogQ = SecurityTable.maxLogQ128(params.n()).orElseThrow(() -> new ParameterException(
                "no 128-bit security bound is tabulated for N = " + params.n() + "; use N from 1024 to 32768"));
        if (params.logQ() > maxLogQ) {
            throw new ParameterException("log2(QP) = " + params.logQ() + " exceeds " + maxLogQ
                    + ", the 128-bit security bound for N = " + params.n()
                    + " (HomomorphicEncryption.org standard); use fewer or smaller primes, or a larger N");
        }
        return new CkksContext(params);
    }

    public CkksParameters parameters() {
        return params;
    }

    public int n() {
        return params.n();
    }

    /** The number of complex slots, N/2. */
    public int slots() {
        return params.n() / 2;
    }

    /** The lowest level a ciphertext can reach: L, with one prime left. */
    public int maxLevel() {
        return levels.size() - 1;
    }

    public CkksEncoder encoder() {
        return encoder;
    }

    /** {@link #encode(double[], double[], int, double)} of real values at the top level, default scale. */
    public Plaintext encode(double[] values) {
        return encode(values, null, 0, params.scale());
    }

    /**
     * Encodes up to N/2 complex values (re + i&middot;im; im may be null) at a level with a scale.
     *
     * Coefficients are not bounded by 2^62 here (a product's scale such as 2^105 is fine); they
     * must fit the level's modulus.
     *
     * @throws ParameterException if there are more than N/2 values, a value or the scale is not
     *     finite, a coefficient would not fit the level's modulus, or the level is outside the chain
     */
    public Plaintext encode(double[] re, double[] im, int level, double scale) {
        RingLevel ring = ring(level);
        double[] coefficients = encoder.encodeUnbounded(re, im, scale);
        int n = params.n();
        int k = ring.primeCount();
        double logQ = 0;
        for (int i = 0; i < k; i++) {
            logQ += Math.log(ring.modulus(i).value()) / Math.log(2);
        }
        RnsPoly p = new RnsPoly(n, k, false);
        for (int j = 0; j < n; j++) {
            double c = coefficients[j];
            if (!Double.isFinite(c) || Math.getExponent(c) + 2 > logQ) {
                throw new ParameterException("coefficient " + j + " of the encoding would not fit level " + level
                        + "'s modulus: lower the scale or the values");
            }
            if (Math.abs(c) < CkksEncoder.MAX_COEFFICIENT) {
                long v = (long) c;
                for (int i = 0; i < k; i++) {
                    p.data[i * n + j] = Math.floorMod(v, ring.modulus(i).value());
                }
            } else {
                java.math.BigInteger v = new java.math.BigDecimal(c).toBigInteger();
                for (int i = 0; i < k; i++) {
                    p.data[i * n + j] = v.mod(java.math.BigInteger.valueOf(ring.modulus(i).value())).longValueExact();
                }
            }
        }
        java.util.Arrays.fill(coefficients, 0);
        PolyArithmetic.toNtt(ring.basis(), p);
        return new Plaintext(this, level, scale, p);
    }

    /** The ring of a level (0 = the top, every prime). */
    RingLevel ring(int level) {
        if (level < 0 || level > maxLevel()) {
            throw new ParameterException("level " + level + " is outside [0, " + maxLevel() + "]");
        }
        return levels.get(level);
    }

    MixedRadix mixedRadix(int level) {
        return radix.get(level);
    }

    @Override
    public String toString() {
        return "CkksContext(" + params + ", 128-bit)";
    }
}
