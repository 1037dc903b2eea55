package org.veilgrid.mpc.aggregation;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.kernels.Kernels;
import org.veilgrid.kernels.Modulus;

/**
 * Shamir t-out-of-m sharing of PRG keys (vectors over Z<sub>q</sub>, q prime): seat j (1..m)
 * receives f(j) for a random polynomial f of degree t-1 per coordinate with f(0) = the key. Any t
 * shares give the key back by Lagrange interpolation at 0; fewer reveal nothing. Shares are
 * linear, so the sum of the shares a seat received from many clients is a share of the sum of
 * their keys.
 */
public final class KeySharing {
    private KeySharing() {
    }

    /**
     * Shares {@code key} among seats 1..m with threshold t.
     *
     * @return m vectors; index j-1 is seat j's share
     */
    public static long[][] share(long[] key, int seats, int threshold, SecureRandom random) {
        checkShape(seats, threshold);
        Modulus q = AggregationParams.keyModulus();
        Kernels kernels = Kernels.get();
        int n = key.length;
        long[][] shares = new long[seats][];
        for (int j = 0; j < seats; j++) {
            shares[j] = key.clone();
        }
        byte[] seed = new byte[SeedHomomorphicPrg.SEED_BYTES];
        random.nextBytes(seed);
        long[] coefficient = new long[n];
        long[] term = new long[n];
        for (int degree = 1; degree < threshold; degree++) {
            kernels.uniform(seed, degree, q, coefficient);
            for (int j = 1; j <= seats; j++) {
                kernels.mulScalar(q, coefficient, q.pow(j, degree), term);
                kernels.add(q, shares[j - 1], term, shares[j - 1]);
            }
        }
        Arrays.fill(seed, (byte) 0);
        Arrays.fill(coefficient, 0);
        Arrays.fill(term, 0);
        return shares;
    }

    /**
     * The shared vector from at least {@code threshold} shares, keyed by seat (1..m).
     *
     * @throws ParameterException if there are too few shares, a seat is out of range, or the
     *     shares differ in length
     */
    public static long[] reconstruct(Map<Integer, long[]> shares, int threshold) {
        if (shares.size() < threshold) {
            throw new ParameterException("need " + threshold + " shares to reconstruct, got " + shares.size());
        }
        Modulus q = AggregationParams.keyModulus();
        Kernels kernels = Kernels.get();
        int[] seats = shares.keySet().stream().mapToInt(Integer::intValue).sorted().limit(threshold).toArray();
        int n = shares.get(seats[0]).length;
        long[] out = new long[n];
        long[] term = new long[n];
        for (int j : seats) {
            if (j < 1 || j > AggregationParams.MAX_COMMITTEE) {
                throw new ParameterException("seat " + j + " is out of range");
            }
            long[] share = shares.get(j);
            if (share.length != n) {
                throw new ParameterException("shares differ in length");
            }
            // Lagrange coefficient at 0: prod over the other seats m of m / (m - j).
            long lambda = 1;
            for (int m : seats) {
                if (m != j) {
                    lambda = q.mul(lambda, q.mul(m, q.inverse(q.sub(m, j))));
                }
            }
            kernels.mulScalar(q, share, lambda, term);
            kernels.add(q, out, term, out);
        }
        return out;
    }

    /** A share as N little-endian 8-byte words (what is sealed to a member). */
    static byte[] toBytes(long[] share) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(share.length * 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (long v : share) {
            b.putLong(v);
        }
        return b.array();
    }

    /**
     * @throws org.veilgrid.core.errors.MalformedInputException if the length is not N words or a
     *     word is not below q
     */
    static long[] fromBytes(String where, byte[] bytes) {
        int n = AggregationParams.RING_DEGREE;
        if (bytes.length != n * 8) {
            throw org.veilgrid.core.errors.MalformedInputException.wrongLength(where, n * 8L, bytes.length);
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long q = AggregationParams.keyModulus().value();
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long v = b.getLong();
            if (Long.compareUnsigned(v, q) >= 0) {
                throw new org.veilgrid.core.errors.MalformedInputException(where + "[" + i + "]", "share word is not below q");
            }
            out[i] = v;
        }
        return out;
    }

    private static void checkShape(int seats, int threshold) {
        if (seats < 1 || seats > AggregationParams.MAX_COMMITTEE) {
            throw new ParameterException("committee size must lie in [1, " + AggregationParams.MAX_COMMITTEE + "], got " + seats);
        }
        if (threshold < 1 || threshold > seats) {
            throw new ParameterException("threshold must lie in [1, " + seats + "], got " + threshold);
        }
    }
}
