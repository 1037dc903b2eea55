package org.veilgrid.mpc.aggregation;

import java.math.BigInteger;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.kernels.Modulus;
import org.veilgrid.kernels.Primes;

/**
 * The numbers of one aggregation round, validated once.
 *
 * <p>The seed-homomorphic PRG is Ring-LWR: keys are polynomials k of
 * Z<sub>q</sub>[X]/(X<sup>N</sup>+1) with N = {@value #RING_DEGREE} and q the largest 61-bit prime
 * &equiv; 1 (mod 2N); outputs are rounded from q to p = 2<sup>{@value #PLAIN_BITS}</sup>. A sum of
 * n rounded outputs differs from the rounded sum by at most (n+1)/2, so inputs are scaled by
 * &Delta; = the smallest power of two &ge; 4(n<sub>max</sub>+1) and the server rounds that error
 * away; the sum of n<sub>max</sub> inputs bounded by B in absolute value must then stay below
 * p/(2&Delta;). See docs/aggregation.md for the security estimate.
 */
public final class AggregationParams {
    /** Ring degree N of the Ring-LWR key (and the length of each PRG block). */
    public static final int RING_DEGREE = 4096;
    /** log2 of the rounding modulus p. */
    public static final int PLAIN_BITS = 56;
    /** Longest input vector a round accepts. */
    public static final int MAX_LENGTH = 1 << 22;
    /** Most clients a round accepts. */
    public static final int MAX_CLIENTS = 1 << 20;
    /**
     * Extra coordinates every client masks with input 0. After unmasking they must come out as
     * exactly 0: a wrong key sum leaves a uniform residue there, which passes with probability
     * about 2^-50 per coordinate, so an inconsistent round is caught even for L = 1.
     */
    public static final int CHECK_COORDINATES = 2;
    /** Largest committee. */
    public static final int MAX_COMMITTEE = 64;

    private static final Modulus Q = Modulus.of(Primes.nttPrimes(61, RING_DEGREE, 1).get(0));
    private static final Modulus P = Modulus.of(1L << PLAIN_BITS);

    private final int length;
    private final int maxClients;
    private final long inputBound;
    private final int deltaBits;

    private AggregationParams(int length, int maxClients, long inputBound, int deltaBits) {
        this.length = length;
        this.maxClients = maxClients;
        this.inputBound = inputBound;
        this.deltaBits = deltaBits;
    }

    /**
     * @param length     L, the length of every client's input vector
     * @param maxClients the most clients a round will count
     * @param inputBound B: every input coordinate lies in [-B, B]
     * @throws ParameterException if a value is out of range or n<sub>max</sub>&middot;B does not
     *     fit the rounding modulus
     */
    public static AggregationParams of(int length, int maxClients, long inputBound) {
        if (length < 1 || length > MAX_LENGTH) {
            throw new ParameterException("vector length must lie in [1, " + MAX_LENGTH + "], got " + length);
        }
        if (maxClients < 1 || maxClients > MAX_CLIENTS) {
            throw new ParameterException("client count must lie in [1, " + MAX_CLIENTS + "], got " + maxClients);
        }
        if (inputBound < 1) {
            throw new ParameterException("input bound must be at least 1, got " + inputBound);
        }
        int deltaBits = deltaBits(maxClients);
        long capacity = capacity(deltaBits);
        BigInteger need = BigInteger.valueOf(maxClients).multiply(BigInteger.valueOf(inputBound));
        if (need.compareTo(BigInteger.valueOf(capacity)) > 0) {
            throw new ParameterException("sums of " + maxClients + " inputs bounded by " + inputBound + " can reach " + need
                    + ", beyond the " + capacity + " that " + PLAIN_BITS + "-bit rounding leaves after scaling by 2^"
                    + deltaBits + "; use fewer clients or smaller inputs (at most " + maxInputBound(maxClients) + ")");
        }
        return new AggregationParams(length, maxClients, inputBound, deltaBits);
    }

    /**
     * The largest input bound B a round of {@code maxClients} clients supports (n&middot;B must fit
     * what the rounding leaves after scaling by &Delta;). For one client it is the largest bound of
     * any round.
     */
    public static long maxInputBound(int maxClients) {
        if (maxClients < 1 || maxClients > MAX_CLIENTS) {
            throw new ParameterException("client count must lie in [1, " + MAX_CLIENTS + "], got " + maxClients);
        }
        return capacity(deltaBits(maxClients)) / maxClients;
    }

    /**
     * Checks an input bound on its own, before the number of clients is known: it must be at least
     * 1 and at most what a one-client round supports.
     *
     * @throws ParameterException if it is not
     */
    public static long checkInputBound(long inputBound) {
        long max = maxInputBound(1);
        if (inputBound < 1 || inputBound > max) {
            throw new ParameterException("input bound must lie in [1, " + max + "], got " + inputBound);
        }
        return inputBound;
    }

    /** log2 &Delta;: the smallest power of two &ge; 4(n<sub>max</sub> + 1). */
    private static int deltaBits(int maxClients) {
        return 64 - Long.numberOfLeadingZeros(4L * (maxClients + 1) - 1);
    }

    /** The largest |sum| that fits: &Delta;&middot;|sum| + error &lt; p/2. */
    private static long capacity(int deltaBits) {
        return (1L << (PLAIN_BITS - 1 - deltaBits)) - 1;
    }

    public int length() {
        return length;
    }

    public int maxClients() {
        return maxClients;
    }

    public long inputBound() {
        return inputBound;
    }

    /** log2 &Delta;, the scaling of inputs. */
    public int deltaBits() {
        return deltaBits;
    }

    /** L plus the check coordinates: the length of a masked vector. */
    public int maskedLength() {
        return length + CHECK_COORDINATES;
    }

    /** Number of N-coefficient PRG blocks that cover a masked vector. */
    public int blocks() {
        return (maskedLength() + RING_DEGREE - 1) / RING_DEGREE;
    }

    /** The key modulus q (prime, NTT-friendly for N). */
    public static Modulus keyModulus() {
        return Q;
    }

    /** The rounding modulus p = 2^{@value #PLAIN_BITS}. */
    public static Modulus plainModulus() {
        return P;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AggregationParams && ((AggregationParams) o).length == length
                && ((AggregationParams) o).maxClients == maxClients && ((AggregationParams) o).inputBound == inputBound;
    }

    @Override
    public int hashCode() {
        return (length * 31 + maxClients) * 31 + Long.hashCode(inputBound);
    }

    @Override
    public String toString() {
        return "AggregationParams(L=" + length + ", clients<=" + maxClients + ", |x|<=" + inputBound
                + ", Ring-LWR N=" + RING_DEGREE + " q=" + Q.value() + " p=2^" + PLAIN_BITS + ", Delta=2^" + deltaBits + ")";
    }
}
