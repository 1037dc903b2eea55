package org.veilgrid.grid.model;

import java.util.Arrays;
import org.veilgrid.core.errors.ParameterException;

/**
 * A smoothed byte n-gram probability model, for evaluation only: interpolated Kneser-Ney with
 * contexts of up to {@value #MAX_ORDER} bytes (the order of {@link NGramModel}, so 5-grams),
 * one absolute discount per order estimated from the counts (D = n1 / (n1 + 2 n2)), lower orders
 * on continuation counts, and the empty context interpolated with the uniform distribution over
 * 256 bytes so that no byte has probability zero. It is the baseline a neural byte model must
 * beat on held-out text; unlike {@link NGramModel} it is never served or stored.
 *
 * <p>Counting sorts one long per corpus position and n-gram length (an n-gram of up to 5 bytes
 * is a 40-bit number), so memory is bounded by the corpus, and probabilities are read by binary
 * search.
 */
public final class NGramEstimator {
    public static final int MAX_ORDER = NGramModel.MAX_ORDER;

    private final int order;
    /** grams[m]: the distinct (m + 1)-grams (context of m bytes, then the byte), ascending. */
    private final long[][] grams;
    /** counts[m][g]: raw count for m = order, continuation count (distinct preceding bytes) below. */
    private final int[][] counts;
    /** contexts[m]: distinct m-byte contexts of grams[m], ascending; totals and types parallel to it. */
    private final long[][] contexts;
    private final long[][] totals;
    private final int[][] types;
    private final double[] discount;

    private NGramEstimator(int order, long[][] grams, int[][] counts) {
        this.order = order;
        this.grams = grams;
        this.counts = counts;
        contexts = new long[order + 1][];
        totals = new long[order + 1][];
        types = new int[order + 1][];
        discount = new double[order + 1];
        for (int m = 0; m <= order; m++) {
            long[] g = grams[m];
            int[] c = counts[m];
            long[] ctx = new long[g.length];
            long[] tot = new long[g.length];
            int[] typ = new int[g.length];
            int n = 0;
            long n1 = 0;
            long n2 = 0;
            for (int i = 0; i < g.length; i++) {
                long context = g[i] >>> 8;
                if (n == 0 || ctx[n - 1] != context) {
                    ctx[n++] = context;
                }
                tot[n - 1] += c[i];
                typ[n - 1]++;
                n1 += c[i] == 1 ? 1 : 0;
                n2 += c[i] == 2 ? 1 : 0;
            }
            contexts[m] = Arrays.copyOf(ctx, n);
            totals[m] = Arrays.copyOf(tot, n);
            types[m] = Arrays.copyOf(typ, n);
            discount[m] = n1 + n2 == 0 ? 0.5 : Math.min(0.95, Math.max(0.05, n1 / (double) (n1 + 2 * n2)));
        }
    }

    /**
     * Counts {@code text[0, end)} with contexts of up to {@code order} bytes.
     *
     * @throws ParameterException if the order is outside [0, {@value #MAX_ORDER}] or the range is empty
     */
    public static NGramEstimator train(byte[] text, int end, int order) {
        if (order < 0 || order > MAX_ORDER) {
            throw new ParameterException("estimator order must lie in [0, " + MAX_ORDER + "], got " + order);
        }
        if (end < 1 || end > text.length) {
            throw new ParameterException("the estimator needs at least one byte");
        }
        long[][] grams = new long[order + 1][];
        int[][] counts = new int[order + 1][];
        // Highest order: raw counts of (order + 1)-grams.
        long[] codes = codes(text, end, order + 1);
        Arrays.sort(codes);
        int[] c = new int[codes.length];
        int n = runs(codes, c);
        grams[order] = Arrays.copyOf(codes, n);
        counts[order] = Arrays.copyOf(c, n);
        // Lower orders: an m + 1-gram's continuation count is the number of distinct m + 2-grams ending in it.
        for (int m = order - 1; m >= 0; m--) {
            long mask = (1L << (8 * (m + 1))) - 1;
            long[] above = grams[m + 1];
            long[] suffixes = new long[above.length];
            for (int i = 0; i < above.length; i++) {
                suffixes[i] = above[i] & mask;
            }
            Arrays.sort(suffixes);
            c = new int[suffixes.length];
            n = runs(suffixes, c);
            grams[m] = Arrays.copyOf(suffixes, n);
            counts[m] = Arrays.copyOf(c, n);
        }
        return new NGramEstimator(order, grams, counts);
    }

    private static long[] codes(byte[] text, int end, int length) {
        int positions = Math.max(0, end - length + 1);
        long[] out = new long[positions];
        for (int i = 0; i < positions; i++) {
            long v = 0;
            for (int j = 0; j < length; j++) {
                v = v << 8 | (text[i + j] & 0xff);
            }
            out[i] = v;
        }
        return out;
    }

    /** Compacts a sorted array to its distinct values, in place, with their run lengths in {@code counts}; returns how many. */
    private static int runs(long[] sorted, int[] counts) {
        int n = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (n == 0 || sorted[n - 1] != sorted[i]) {
                sorted[n++] = sorted[i];
            }
            counts[n - 1]++;
        }
        return n;
    }

    public int order() {
        return order;
    }

    /**
     * The contexts that predict text[i], shortest first: for m = 0, 1, ... the m bytes before i,
     * as long as they lie inside the text and were seen in counting (a longer context of an unseen
     * one is unseen too). Writes context m's key into keys[m] and its index in contexts[m] into
     * at[m]; returns how many there are.
     */
    private int seenContexts(byte[] text, int i, long[] keys, int[] at) {
        long context = 0;
        int m = 0;
        for (; m <= order; m++) {
            if (m > 0) {
                if (i - m < 0) {
                    break;
                }
                context |= (long) (text[i - m] & 0xff) << (8 * (m - 1));
            }
            int x = Arrays.binarySearch(contexts[m], context);
            if (x < 0) {
                break;
            }
            keys[m] = context;
            at[m] = x;
        }
        return m;
    }

    /** P(text[i] | the up to {@link #order} bytes before it). */
    public double probability(byte[] text, int i) {
        return probability(text, i, new long[order + 1], new int[order + 1]);
    }

    /** As {@link #probability(byte[], int)}, in the caller's work arrays (order + 1 long). */
    private double probability(byte[] text, int i, long[] keys, int[] at) {
        int target = text[i] & 0xff;
        int seen = seenContexts(text, i, keys, at);
        double p = 1.0 / 256;
        for (int m = 0; m < seen; m++) {
            long total = totals[m][at[m]];
            int g = Arrays.binarySearch(grams[m], keys[m] << 8 | target);
            double count = g < 0 ? 0 : counts[m][g];
            double d = discount[m];
            p = (Math.max(count - d, 0) + d * types[m][at[m]] * p) / total;
        }
        return p;
    }

    /**
     * The whole next-byte distribution at position i (what {@link #probability} gives for each of
     * the 256 bytes), into {@code out}. With {@code leaveOneOut} the occurrence at i itself is taken
     * out of the highest order's counts, so a position of the counted text is predicted as an
     * unseen one would be (deleted estimation) rather than from a count that includes it.
     */
    public void distribution(byte[] text, int i, boolean leaveOneOut, double[] out) {
        int target = text[i] & 0xff;
        Arrays.fill(out, 1.0 / 256);
        long[] keys = new long[order + 1];
        int[] at = new int[order + 1];
        int seen = seenContexts(text, i, keys, at);
        for (int m = 0; m < seen; m++) {
            long context = keys[m];
            boolean own = leaveOneOut && m == order;
            long total = totals[m][at[m]] - (own ? 1 : 0);
            if (total <= 0) {
                break;
            }
            int from = Arrays.binarySearch(grams[m], context << 8);
            from = from < 0 ? -from - 1 : from;
            int to = from;
            while (to < grams[m].length && grams[m][to] >>> 8 == context) {
                to++;
            }
            double d = discount[m];
            int typ = types[m][at[m]];
            if (own) {
                int g = Arrays.binarySearch(grams[m], from, to, context << 8 | target);
                if (g >= 0 && counts[m][g] == 1) {
                    typ--;
                }
            }
            double back = d * typ / total;
            for (int b = 0; b < 256; b++) {
                out[b] *= back;
            }
            for (int g = from; g < to; g++) {
                int b = (int) (grams[m][g] & 0xff);
                double count = counts[m][g] - (own && b == target ? 1 : 0);
                out[b] += Math.max(count - d, 0) / total;
            }
        }
    }

    /** Mean bits per byte of {@code text[from, to)}, each byte predicted from the bytes before it. */
    public double bitsPerByte(byte[] text, int from, int to) {
        if (from < 0 || to > text.length || from >= to) {
            throw new ParameterException("an evaluation range must be non-empty and inside the text");
        }
        long[] keys = new long[order + 1];
        int[] at = new int[order + 1];
        double s = 0;
        for (int i = from; i < to; i++) {
            s -= Math.log(probability(text, i, keys, at));
        }
        return s / (to - from) / Math.log(2);
    }

    @Override
    public String toString() {
        return "NGramEstimator(order " + order + ")";
    }
}
