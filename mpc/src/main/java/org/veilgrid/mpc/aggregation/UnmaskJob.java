package org.veilgrid.mpc.aggregation;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.ProtocolAbortException;

/**
 * The server's last step of a round as a self-contained job: from {@code threshold} seats' share
 * sums it reconstructs the sum of the counted clients' keys, expands the mask and subtracts it
 * from the sum of their masked vectors. It needs nothing of the round's state but what it holds,
 * so {@link AggregationServer#finish(Unmasking)} can hand it to stateless replicas
 * ({@link UnmaskService}); {@link #unmask()} runs it here.
 *
 * <pre>
 * k&Sigma; = &Sigma;<sub>j</sub> &lambda;<sub>j</sub> &middot; s<sub>j</sub>   (Lagrange at 0 over the seats j)
 * d = y&Sigma; &minus; G(k&Sigma;)  mod p,   x = round(d / &Delta;)
 * </pre>
 *
 * Each coordinate's residue must lie within the rounding error of a multiple of &Delta; (at most
 * about counted/2), and the check coordinates must come out as exactly 0; otherwise the job
 * aborts, so a wrong share or a wrong message never yields a sum.
 *
 * <p>Whoever runs a job learns the sum (and the key sum, which opens nothing else: the counted
 * clients' individual keys stay shared). The server's replicas belong to the server's own
 * organisation.
 */
public final class UnmaskJob {
    private final Round round;
    private final long[] maskedSum;
    private final int counted;
    private final SortedMap<Integer, long[]> shares;

    /**
     * @param maskedSum the sum of the counted clients' masked vectors, {@code maskedLength} words
     *                  in [0, p)
     * @param counted   how many clients that sum covers, in [{@link Round#minCounted()}, registered]
     * @param shares    exactly {@link Round#threshold()} seats' share sums (N words in [0, q) each)
     * @throws ParameterException if a part does not fit the round
     */
    public UnmaskJob(Round round, long[] maskedSum, int counted, Map<Integer, long[]> shares) {
        this.round = round;
        int length = round.params().maskedLength();
        if (maskedSum.length != length) {
            throw new ParameterException("the masked sum has " + maskedSum.length + " words; the round's has " + length);
        }
        long p = AggregationParams.plainModulus().value();
        for (int i = 0; i < length; i++) {
            if (maskedSum[i] < 0 || maskedSum[i] >= p) {
                throw new ParameterException("masked sum word " + i + " is not below p = 2^" + AggregationParams.PLAIN_BITS);
            }
        }
        if (counted < round.minCounted() || counted > round.clients().size()) {
            throw new ParameterException("a sum over " + counted + " clients is not one this round outputs (it sums over "
                    + round.minCounted() + " to " + round.clients().size() + ")");
        }
        if (shares.size() != round.threshold()) {
            throw new ParameterException("unmasking takes exactly " + round.threshold() + " seats' shares, got " + shares.size());
        }
        long q = AggregationParams.keyModulus().value();
        TreeMap<Integer, long[]> copy = new TreeMap<>();
        for (Map.Entry<Integer, long[]> e : shares.entrySet()) {
            int seat = e.getKey();
            if (seat < 1 || seat > round.committee().size()) {
                throw new ParameterException("no seat " + seat + " in this round");
            }
            long[] s = e.getValue();
            if (s.length != AggregationParams.RING_DEGREE) {
                throw new ParameterException("seat " + seat + "'s share sum has " + s.length + " words, not "
                        + AggregationParams.RING_DEGREE);
            }
            for (long v : s) {
                if (v < 0 || v >= q) {
                    throw new ParameterException("seat " + seat + "'s share sum has a word not below q");
                }
            }
            copy.put(seat, s.clone());
        }
        this.maskedSum = maskedSum.clone();
        this.counted = counted;
        this.shares = Collections.unmodifiableSortedMap(copy);
    }

    public Round round() {
        return round;
    }

    /** The sum of the counted clients' masked vectors (a copy). */
    public long[] maskedSum() {
        return maskedSum.clone();
    }

    public int counted() {
        return counted;
    }

    /** The seats whose shares the job uses, in increasing order. */
    public java.util.Set<Integer> seats() {
        return shares.keySet();
    }

    /** One seat's share sum (a copy), or null if the job does not use that seat. */
    public long[] share(int seat) {
        long[] s = shares.get(seat);
        return s == null ? null : s.clone();
    }

    /**
     * Runs the job here.
     *
     * @return the L sums
     * @throws ProtocolAbortException if the residue is inconsistent in some coordinate (a share or
     *         a client's message was wrong); nothing of the sum is returned then
     */
    public long[] unmask() {
        long[] keySum = KeySharing.reconstruct(shares, round.threshold());
        long[] mask = round.prg().expand(keySum);
        Arrays.fill(keySum, 0);
        int length = round.params().maskedLength();
        int inputs = round.params().length();
        long[] sum = new long[inputs];
        int shift = round.params().deltaBits();
        long p = AggregationParams.plainModulus().value();
        long half = p >>> 1;
        long tolerance = (counted + 1) / 2 + 1;
        for (int i = 0; i < length; i++) {
            long d = (maskedSum[i] - mask[i]) & (p - 1);
            if (d >= half) {
                d -= p; // centered in [-p/2, p/2)
            }
            long x = (d + (1L << (shift - 1))) >> shift;
            long error = d - (x << shift);
            if (Math.abs(error) > tolerance || (i >= inputs && x != 0)) {
                throw new ProtocolAbortException(null, "the unmasked sum is inconsistent in coordinate " + i
                        + " (a committee share or a client's message was wrong); no sum is output");
            }
            if (i < inputs) {
                sum[i] = x;
            }
        }
        return sum;
    }

    @Override
    public String toString() {
        // Shares of a key sum: never printed.
        return "UnmaskJob(" + counted + " clients, seats " + shares.keySet() + ")";
    }
}
