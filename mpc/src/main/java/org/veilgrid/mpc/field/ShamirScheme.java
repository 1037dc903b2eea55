package org.veilgrid.mpc.field;

import java.util.Arrays;

import org.veilgrid.core.errors.ParameterException;

/**
 * Shamir t-out-of-n secret sharing over F_p (p = 2^127 − 1) on packed vectors.
 *
 * <p>Party {@code i} (0-based) holds the evaluation of the sharing polynomial at
 * α_i = i + 1. A degree-d sharing is reconstructed from any d + 1 shares with Lagrange
 * coefficients at zero, which depend only on the set of parties; {@link #lagrangeAtZero} computes
 * them once per set and callers keep them. An honest majority needs t < n/2, which is what
 * lets the engine multiply: the product of two degree-t sharings has degree 2t ≤ n − 1 and is
 * still determined by the n shares.
 *
 * <p>One call shares a whole vector: the result holds, for each party, a packed vector of that
 * party's shares of every element, so a batch of secrets costs one message per party.
 */
public final class ShamirScheme {

    /** Largest number of parties the engine supports. */
    public static final int MAX_PARTIES = 64;

    private final int parties;
    private final int threshold;
    /** powers[i][k] = α_i^k for k ≤ n − 1, packed. */
    private final long[][] powers;

    /**
     * @param parties   n, 3 to {@value #MAX_PARTIES}
     * @param threshold t, the largest coalition that learns nothing; 1 ≤ t and 2t < n
     */
    public ShamirScheme(int parties, int threshold) {
        if (parties < 3 || parties > MAX_PARTIES) {
            throw new ParameterException("number of parties must be in 3.." + MAX_PARTIES + ", got " + parties);
        }
        if (threshold < 1 || 2 * threshold >= parties) {
            throw new ParameterException("threshold t must satisfy 1 <= t < n/2 (honest majority); got t = "
                    + threshold + " for n = " + parties);
        }
        this.parties = parties;
        this.threshold = threshold;
        this.powers = new long[parties][];
        for (int i = 0; i < parties; i++) {
            long[] pw = new long[2 * parties];
            pw[0] = 1;
            for (int k = 1; k < parties; k++) {
                Mersenne127.mul(pw[2 * k - 2], pw[2 * k - 1], i + 1, 0, pw, 2 * k);
            }
            powers[i] = pw;
        }
    }

    /** The largest threshold n parties can have with an honest majority: ⌊(n − 1)/2⌋. */
    public static int maxThreshold(int parties) {
        return (parties - 1) / 2;
    }

    /** n. */
    public int parties() {
        return parties;
    }

    /** t. */
    public int threshold() {
        return threshold;
    }

    /**
     * Shares {@code m} secrets with random polynomials of degree {@code degree}.
     *
     * @param secrets packed vector of m elements
     * @return {@code shares[i]} is party i's packed vector of m shares
     */
    public long[][] share(long[] secrets, int m, int degree, FieldPrg random) {
        checkDegree(degree);
        long[] coefficients = new long[2 * m * degree];
        random.nextElements(coefficients, 0, m * degree);
        long[][] shares = new long[parties][];
        for (int i = 0; i < parties; i++) {
            long[] out = Arrays.copyOf(secrets, 2 * m);
            long[] pw = powers[i];
            for (int k = 1; k <= degree; k++) {
                long c0 = pw[2 * k];
                long c1 = pw[2 * k + 1];
                // Coefficient k of element e sits at index (k − 1)·m + e.
                int base = 2 * (k - 1) * m;
                long[] t = new long[2];
                for (int e = 0, q = 0; e < m; e++, q += 2) {
                    Mersenne127.mul(coefficients[base + q], coefficients[base + q + 1], c0, c1, t, 0);
                    Mersenne127.add(out[q], out[q + 1], t[0], t[1], out, q);
                }
            }
            shares[i] = out;
        }
        return shares;
    }

    /** Degree-t sharing of {@code m} secrets. */
    public long[][] share(long[] secrets, int m, FieldPrg random) {
        return share(secrets, m, threshold, random);
    }

    /**
     * Lagrange coefficients λ_j at zero for the parties in {@code set} (distinct indices), so
     * that f(0) = Σ λ_j f(α_j) for any polynomial of degree below {@code set.length}.
     *
     * @return packed vector, coefficient of {@code set[j]} at element j
     */
    public long[] lagrangeAtZero(int[] set) {
        long[] out = new long[2 * set.length];
        long[] num = new long[2];
        long[] den = new long[2];
        for (int j = 0; j < set.length; j++) {
            checkParty(set[j]);
            num[0] = 1;
            num[1] = 0;
            den[0] = 1;
            den[1] = 0;
            for (int k = 0; k < set.length; k++) {
                if (k == j) {
                    continue;
                }
                if (set[k] == set[j]) {
                    throw new ParameterException("party " + set[j] + " appears twice in a reconstruction set");
                }
                // λ_j = Π_{k≠j} α_k / (α_k − α_j)
                long ak = set[k] + 1L;
                Mersenne127.mul(num[0], num[1], ak, 0, num, 0);
                long[] diff = new long[2];
                Mersenne127.sub(ak, 0, set[j] + 1L, 0, diff, 0);
                Mersenne127.mul(den[0], den[1], diff[0], diff[1], den, 0);
            }
            long[] inv = new long[2];
            Mersenne127.inverse(den[0], den[1], inv, 0);
            Mersenne127.mul(num[0], num[1], inv[0], inv[1], out, 2 * j);
        }
        return out;
    }

    /**
     * Reconstructs {@code m} secrets from the shares of the parties in {@code set}.
     *
     * @param shares {@code shares[j]} is the packed share vector of party {@code set[j]}
     */
    public long[] reconstruct(int[] set, long[][] shares, int m) {
        return interpolate(lagrangeAtZero(set), shares, m);
    }

    /** Σ_j λ_j · shares[j], the interpolation step with precomputed coefficients. */
    public static long[] interpolate(long[] lambda, long[][] shares, int m) {
        long[] out = new long[2 * m];
        for (int j = 0; j < shares.length; j++) {
            FieldVectors.mulScalarAdd(shares[j], lambda[2 * j], lambda[2 * j + 1], out, m);
        }
        return out;
    }

    /** α_i^k as a packed scalar (k ≤ n − 1), e.g. for building special polynomials. */
    public long[] power(int party, int k) {
        checkParty(party);
        return new long[] {powers[party][2 * k], powers[party][2 * k + 1]};
    }

    private void checkParty(int party) {
        if (party < 0 || party >= parties) {
            throw new ParameterException("party index " + party + " is not in 0.." + (parties - 1));
        }
    }

    private void checkDegree(int degree) {
        if (degree < 0 || degree >= parties) {
            throw new ParameterException("sharing degree " + degree + " needs more than " + parties + " parties");
        }
    }
}
