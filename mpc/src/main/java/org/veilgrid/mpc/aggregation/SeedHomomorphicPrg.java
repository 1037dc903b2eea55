package org.veilgrid.mpc.aggregation;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.kernels.Kernels;
import org.veilgrid.kernels.Modulus;
import org.veilgrid.kernels.NttTables;
import org.veilgrid.kernels.RnsConversion;

/**
 * The seed-homomorphic PRG G(k) = round<sub>p</sub>(A&middot;k) from Ring-LWR.
 *
 * <p>A is public: block j of N output rows is the negacyclic matrix of a polynomial a<sub>j</sub>,
 * uniform modulo q, expanded from the round's public seed with the ChaCha20 PRG (stream j,
 * sampled directly in the NTT domain). So block j of A&middot;k is the ring product
 * a<sub>j</sub>&middot;k, computed as INTT(&acirc;<sub>j</sub> &odot; NTT(k)), and each coefficient
 * x mod q is rounded to round(p&middot;x/q) mod p. Every step is a {@link Kernels} call (native,
 * with a Java twin that gives identical results).
 *
 * <p>Seed homomorphism: A&middot;k is linear in k, and rounding errs by at most 1/2, so
 * G(k<sub>1</sub>) + &hellip; + G(k<sub>n</sub>) - G(k<sub>1</sub> + &hellip; + k<sub>n</sub>) has every
 * coordinate in [-(n+1)/2, (n+1)/2] modulo p (rounding is consistent with reduction: adding q to x
 * adds p to round(p&middot;x/q)). Exact: p&middot;x/q is never within 2<sup>-62</sup> of a
 * half-integer (q is an odd prime, p a power of two), and the 128-bit fixed-point rounding errs by
 * less than 2<sup>-66</sup>.
 */
public final class SeedHomomorphicPrg {
    public static final int SEED_BYTES = 32;

    private final AggregationParams params;
    private final NttTables ntt;
    private final long[][] aHat;
    private final RnsConversion rounding;
    private final Kernels kernels;

    /**
     * @param publicSeed 32 bytes of public randomness that fix A for the round
     */
    public SeedHomomorphicPrg(AggregationParams params, byte[] publicSeed) {
        this(params, publicSeed, Kernels.get());
    }

    SeedHomomorphicPrg(AggregationParams params, byte[] publicSeed, Kernels kernels) {
        this.params = Objects.requireNonNull(params, "params");
        if (publicSeed == null || publicSeed.length != SEED_BYTES) {
            throw new ParameterException("the public PRG seed must be " + SEED_BYTES + " bytes");
        }
        this.kernels = kernels;
        int n = AggregationParams.RING_DEGREE;
        Modulus q = AggregationParams.keyModulus();
        Modulus p = AggregationParams.plainModulus();
        this.ntt = NttTables.create(n, q.value());
        this.aHat = new long[params.blocks()][n];
        for (int j = 0; j < aHat.length; j++) {
            kernels.uniform(publicSeed, j, q, aHat[j]);
        }
        this.rounding = RnsConversion.of(new Modulus[] {q}, new long[] {1},
                new long[][] {RnsConversion.fraction(BigInteger.valueOf(p.value()), BigInteger.valueOf(q.value()))},
                new Modulus[] {p}, new long[][] {{0}}, new long[] {1}, null);
    }

    public AggregationParams params() {
        return params;
    }

    /** A fresh key: N coefficients uniform modulo q, from a SecureRandom seed. */
    public static long[] newKey(SecureRandom random) {
        byte[] seed = new byte[SEED_BYTES];
        random.nextBytes(seed);
        long[] k = new long[AggregationParams.RING_DEGREE];
        Kernels.get().uniform(seed, 0, AggregationParams.keyModulus(), k);
        Arrays.fill(seed, (byte) 0);
        return k;
    }

    /**
     * G(k): L + {@value AggregationParams#CHECK_COORDINATES} values modulo p (the masked length).
     *
     * @param key N coefficients, each in [0, q)
     * @throws ParameterException if the key has the wrong length or an unreduced coefficient
     */
    public long[] expand(long[] key) {
        int n = AggregationParams.RING_DEGREE;
        Modulus q = AggregationParams.keyModulus();
        if (key == null || key.length != n) {
            throw new ParameterException("a PRG key has " + n + " coefficients");
        }
        long[] kHat = key.clone();
        for (long c : kHat) {
            if (c < 0 || c >= q.value()) {
                throw new ParameterException("PRG key coefficients must lie in [0, q)");
            }
        }
        kernels.forward(ntt, kHat);
        long[] out = new long[params.maskedLength()];
        long[] block = new long[n];
        long[] rounded = new long[n];
        for (int j = 0; j < aHat.length; j++) {
            kernels.mul(q, aHat[j], 0, kHat, 0, block, 0, n);
            kernels.inverse(ntt, block);
            kernels.rnsConvert(rounding, block, 0, null, 0, rounded, 0, n);
            int from = j * n;
            System.arraycopy(rounded, 0, out, from, Math.min(n, out.length - from));
        }
        Arrays.fill(kHat, 0);
        Arrays.fill(block, 0);
        Arrays.fill(rounded, 0);
        return out;
    }
}
