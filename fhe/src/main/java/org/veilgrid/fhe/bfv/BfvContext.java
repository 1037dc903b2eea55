package org.veilgrid.fhe.bfv;

import java.math.BigInteger;
import java.util.List;

import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.fhe.SecurityTable;
import org.veilgrid.fhe.rns.RingLevel;
import org.veilgrid.fhe.rns.RnsBasis;
import org.veilgrid.kernels.KernelArgumentException;
import org.veilgrid.kernels.Kernels;
import org.veilgrid.kernels.Modulus;
import org.veilgrid.kernels.RnsNttTables;

/**
 * Validated BFV parameters and everything precomputed from them: NTT tables for each prime,
 * Q and its CRT constants, and &Delta; = floor(Q/t) modulo each prime. Built once, shared by the
 * key generator, encryptor, decryptor and evaluator; immutable and thread-safe.
 *
 * <p>{@link #create} refuses parameters below 128-bit classical security (the
 * HomomorphicEncryption.org table, {@link SecurityTable}); {@link #createInsecure} skips only
 * that check, for tests and experiments that say so explicitly.
 */
public final class BfvContext {
    private final BfvParameters params;
    private final boolean secure;
    private final int n;
    private final Modulus[] moduli;
    private final Modulus plain;
    private final RnsNttTables ntt;
    private final Kernels kernels;
    private final BigInteger q;
    /** Q / q_i and (Q / q_i)^-1 mod q_i, for CRT reconstruction. */
    private final BigInteger[] qHat;
    private final long[] qHatInv;
    private final long[] qHatModQi;
    /** floor(Q / t) mod q_i. */
    private final long[] deltaModQi;
    /** The level's primes, the special prime P and the key-switching constants (shared with CKKS). */
    private final RingLevel ring;

    /** The context one prime up the modulus chain, or null at the top. */
    private final BfvContext parent;
    private volatile BfvContext next;

    private BfvContext(BfvParameters params, boolean secure, BfvContext parent) {
        this.params = params;
        this.secure = secure;
        this.parent = parent;
        this.n = params.n();
        List<Long> primes = params.ciphertextPrimes();
        int k = primes.size();
        this.moduli = new Modulus[k];
        long[] ps = new long[k];
        long[] all = new long[k + 1];
        BigInteger product = BigInteger.ONE;
        for (int i = 0; i < k; i++) {
            ps[i] = primes.get(i);
            all[i] = ps[i];
            product = product.multiply(BigInteger.valueOf(ps[i]));
        }
        long sp = params.specialPrime();
        all[k] = sp;
        if (java.util.Arrays.stream(all).distinct().count() != all.length) {
            throw new ParameterException("the primes of BFV parameters must be distinct");
        }
        try {
            this.ring = new RingLevel(n, ps, sp);
            this.ntt = ring.basis().ntt;
            for (int i = 0; i < k; i++) {
                moduli[i] = ring.modulus(i);
            }
            this.plain = Modulus.of(params.plainModulus());
        } catch (KernelArgumentException e) {
            throw new ParameterException("invalid BFV parameters: " + e.getMessage(), e);
        }
        for (long p : ps) {
            if (Long.numberOfLeadingZeros(p) < Long.numberOfLeadingZeros(sp)) {
                throw new ParameterException("the special prime P = " + sp + " (the last) must be at least as long"
                        + " as every ciphertext prime; " + p + " has more bits, which would make key switching noisy");
            }
        }
        this.q = product;
        BigInteger t = BigInteger.valueOf(params.plainModulus());
        if (!q.multiply(BigInteger.valueOf(sp)).gcd(t).equals(BigInteger.ONE)) {
            throw new ParameterException("plaintext modulus t = " + t + " must be coprime to every prime");
        }
        for (long p : ps) {
            if (params.plainModulus() >= p) {
                throw new ParameterException("plaintext modulus t = " + t + " must be smaller than every ciphertext prime; "
                        + p + " is not larger");
            }
        }
        this.qHat = new BigInteger[k];
        this.qHatInv = new long[k];
        this.qHatModQi = new long[k];
        this.deltaModQi = new long[k];
        BigInteger delta = q.divide(t);
        for (int i = 0; i < k; i++) {
            BigInteger qi = BigInteger.valueOf(ps[i]);
            qHat[i] = q.divide(qi);
            qHatModQi[i] = qHat[i].mod(qi).longValueExact();
            qHatInv[i] = BigInteger.valueOf(qHatModQi[i]).modInverse(qi).longValueExact();
            deltaModQi[i] = delta.mod(qi).longValueExact();
        }
        this.kernels = Kernels.get();
    }

    /**
     * Validates the parameters, including 128-bit classical security.
     *
     * @throws ParameterException naming the rule the parameters break
     */
    public static BfvContext create(BfvParameters params) {
        int maxLogQ = SecurityTable.maxLogQ128(params.n()).orElseThrow(() -> new ParameterException(
                "no 128-bit security bound is tabulated for N = " + params.n()
                        + "; use N from 1024 to 32768, or createInsecure for experiments"));
        if (params.logQ() > maxLogQ) {
            throw new ParameterException("log2(QP) = " + params.logQ() + " exceeds " + maxLogQ
                    + ", the 128-bit security bound for N = " + params.n()
                    + " (HomomorphicEncryption.org standard); use fewer or smaller primes, a larger N,"
                    + " or createInsecure for experiments");
        }
        return new BfvContext(params, true, null);
    }

    /** Like {@link #create} but without the security check. Never for real data. */
    public static BfvContext createInsecure(BfvParameters params) {
        return new BfvContext(params, false, null);
    }

    /**
     * The context of the next level down the modulus chain (the same parameters without the
     * last ciphertext prime; the special prime stays), or empty when only one ciphertext prime
     * is left. Always the same object for a level.
     */
    public java.util.Optional<BfvContext> nextLevel() {
        if (params.ciphertextPrimes().size() == 1) {
            return java.util.Optional.empty();
        }
        BfvContext c = next;
        if (c == null) {
            synchronized (this) {
                c = next;
                if (c == null) {
                    java.util.List<Long> primes = new java.util.ArrayList<>(
                            params.ciphertextPrimes().subList(0, params.ciphertextPrimes().size() - 1));
                    primes.add(params.specialPrime());
                    c = new BfvContext(BfvParameters.of(params.n(), params.plainModulus(), primes), secure, this);
                    next = c;
                }
            }
        }
        return java.util.Optional.of(c);
    }

    /** The context one prime up the chain, or null at the top. */
    BfvContext parentContext() {
        return parent;
    }

    /** 0 at the top of the modulus chain, one more for each prime dropped. */
    public int level() {
        return parent == null ? 0 : parent.level() + 1;
    }

    /** Whether {@code other} lies strictly below this context in its modulus chain. */
    boolean isAncestorOf(BfvContext other) {
        for (BfvContext c = other.parent; c != null; c = c.parent) {
            if (c == this) {
                return true;
            }
        }
        return false;
    }

    public BfvParameters parameters() {
        return params;
    }

    /** Whether the parameters passed the 128-bit security check. */
    public boolean isSecure() {
        return secure;
    }

    public int n() {
        return n;
    }

    /** Number of ciphertext primes at this level (the special prime not counted). */
    public int primeCount() {
        return moduli.length;
    }

    /** The ciphertext primes of this level. */
    RnsBasis basis() {
        return ring.basis();
    }

    /** The ciphertext primes of this level followed by the special prime P. */
    RnsBasis keyBasis() {
        return ring.keyBasis();
    }

    /** This level's ring: primes, P and the key-switching constants. */
    RingLevel ring() {
        return ring;
    }

    /** The top of this context's modulus chain (where keys are made). */
    BfvContext top() {
        BfvContext t = this;
        while (t.parent != null) {
            t = t.parent;
        }
        return t;
    }

    Modulus modulus(int i) {
        return moduli[i];
    }

    Modulus plainModulus() {
        return plain;
    }

    RnsNttTables ntt() {
        return ntt;
    }

    Kernels kernels() {
        return kernels;
    }

    BigInteger bigQ() {
        return q;
    }

    long deltaModQi(int i) {
        return deltaModQi[i];
    }

    /** (Q / q_j) mod q_j. */
    long qHatModQj(int j) {
        return qHatModQi[j];
    }

    /** (Q / q_j)^-1 mod q_j. */
    long qHatInvModQj(int j) {
        return qHatInv[j];
    }

    private volatile RnsDecoder rnsDecoder;

    RnsDecoder rnsDecoder() {
        RnsDecoder d = rnsDecoder;
        if (d == null) {
            d = new RnsDecoder(this);
            rnsDecoder = d;
        }
        return d;
    }

    private volatile RnsTensor rnsTensor;

    RnsTensor rnsTensor() {
        RnsTensor r = rnsTensor;
        if (r == null) {
            synchronized (this) {
                r = rnsTensor;
                if (r == null) {
                    r = new RnsTensor(this);
                    rnsTensor = r;
                }
            }
        }
        return r;
    }

    private volatile TensorBasis tensorBasis;

    /** The extended basis for ciphertext products, built on first use. */
    TensorBasis tensorBasis() {
        TensorBasis b = tensorBasis;
        if (b == null) {
            synchronized (this) {
                b = tensorBasis;
                if (b == null) {
                    b = new TensorBasis(this);
                    tensorBasis = b;
                }
            }
        }
        return b;
    }

    /** The coefficient j of an RNS polynomial as an integer in [0, Q) (Chinese remaindering). */
    BigInteger compose(long[] rns, int j) {
        BigInteger acc = BigInteger.ZERO;
        for (int i = 0; i < moduli.length; i++) {
            long r = moduli[i].mul(rns[i * n + j], qHatInv[i]);
            acc = acc.add(qHat[i].multiply(BigInteger.valueOf(r)));
        }
        return acc.mod(q);
    }

    @Override
    public String toString() {
        return "BfvContext(" + params + (secure ? ", 128-bit" : ", INSECURE") + ")";
    }
}
