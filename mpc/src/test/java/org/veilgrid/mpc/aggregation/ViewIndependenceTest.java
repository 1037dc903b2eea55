package org.veilgrid.mpc.aggregation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/**
 * Statistical checks of what the server and a single committee member see: a masked vector and a
 * single key share look uniform whatever the input or key (chi-square on 64 buckets: above 130
 * with 63 degrees of freedom happens by chance with probability below 10^-6, while an unmasked or
 * half-masked input scores in the thousands).
 */
class ViewIndependenceTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final double CRITICAL = 130;

    private static double chiSquare(long[] values, int topShift) {
        int buckets = 64;
        long[] count = new long[buckets];
        for (long v : values) {
            count[(int) (v >>> topShift) & (buckets - 1)]++;
        }
        double expected = values.length / (double) buckets;
        double chi = 0;
        for (long c : count) {
            chi += (c - expected) * (c - expected) / expected;
        }
        return chi;
    }

    @Test
    void aMaskedVectorLooksUniformWhateverTheInput() {
        AggregationParams params = AggregationParams.of(40_000, 100, 1L << 24);
        Fixture f = new Fixture(params, 3, 2, RANDOM);
        AggregationClient client = new AggregationClient(RANDOM);
        long[] zeros = new long[params.length()];
        long[] extreme = new long[params.length()];
        java.util.Arrays.fill(extreme, params.inputBound());
        int topShift = AggregationParams.PLAIN_BITS - 6;
        for (long[] input : new long[][] {zeros, extreme}) {
            long[] masked = client.submit(f.round, "c", input).masked;
            double chi = chiSquare(masked, topShift);
            assertTrue(chi < CRITICAL, "masked values are not uniform in their top bits: chi^2 = " + chi);
            // The low bits, where Delta x lands, are uniform too.
            double low = chiSquare(masked, 0);
            assertTrue(low < CRITICAL, "masked values are not uniform in their low bits: chi^2 = " + low);
        }
    }

    @Test
    void oneShareLooksUniformWhateverTheKey() {
        int topShift = 61 - 6;
        for (long[] key : new long[][] {new long[AggregationParams.RING_DEGREE], SeedHomomorphicPrg.newKey(RANDOM)}) {
            long[][] shares = KeySharing.share(key, 5, 2, RANDOM);
            long[] all = new long[5 * 4 * AggregationParams.RING_DEGREE];
            // Several independent sharings of the same key, seat 1 only: what that member sees.
            for (int rep = 0; rep < all.length / AggregationParams.RING_DEGREE; rep++) {
                long[] seat1 = KeySharing.share(key, 5, 2, RANDOM)[0];
                System.arraycopy(seat1, 0, all, rep * AggregationParams.RING_DEGREE, seat1.length);
            }
            double chi = chiSquare(all, topShift);
            // q is just below 2^61, so the top bucket is very slightly short; the bound still holds.
            assertTrue(chi < CRITICAL, "a single share is not uniform: chi^2 = " + chi);
            assertTrue(shares[0].length == key.length);
        }
    }
}
