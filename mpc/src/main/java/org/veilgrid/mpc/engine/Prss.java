package org.veilgrid.mpc.engine;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import org.veilgrid.mpc.field.FieldPrg;
import org.veilgrid.mpc.field.FieldVectors;
import org.veilgrid.mpc.field.Mersenne127;
import org.veilgrid.mpc.field.ShamirScheme;
import org.veilgrid.mpc.net.MpcNetwork;

/**
 * Pseudo-random secret sharing (Cramer–Damgård–Ishai, TCC 2005): correlated randomness with no
 * communication after a one-round key set-up.
 *
 * <p>For every set A of t parties there is a key k_A known to the n − t parties outside A (the
 * smallest of them draws it and sends it to the others at set-up). Let f_A be the degree-t
 * polynomial with f_A(0) = 1 and f_A(α_j) = 0 for j in A. For a stream id s, the holders of k_A
 * expand R_A = PRF(k_A, s); then
 * <ul>
 *   <li>Σ_A R_A·f_A(x) is a degree-t sharing of r = Σ_A R_A; a coalition C of t parties misses
 *       exactly R_C, so r is uniform to it ({@link #random} uses the unnormalised g_A = c_A·f_A,
 *       sharing Σ_A c_A·R_A, equally uniform and cheaper);</li>
 *   <li>adding Σ_A f_A(x)·Σ_{j=1..t} R'_{A,j}·x^j (a pseudo-random zero sharing) gives a
 *       degree-2t sharing of the same r whose unknown part spans every degree-2t polynomial that
 *       vanishes on C: the double random sharing of Damgård–Nielsen multiplication
 *       ({@link #doubleRandom});</li>
 *   <li>with each R_A a single bit b_A, [b_A] = b_A·f_A(x) is a sharing of a bit known to n − t
 *       parties; the XOR of all C(n, t) of them is a random bit no t parties know
 *       ({@link #rawBits}, used for n = 3);</li>
 *   <li>with each R_A a κ-bit integer, Σ_A R_A is a random integer below C(n,t)·2^κ, statistically
 *       hiding to any coalition ({@link #boundedInteger}): the mask r'' of comparisons.</li>
 * </ul>
 * Streams are keyed by the node id of the program value they feed, so every party derives the
 * same values whatever order it evaluates independent nodes in.
 */
final class Prss {

    private final int self;
    private final int n;
    private final int t;
    /** Every t-subset of the parties, as bit masks, in increasing order. */
    private final int[] sets;
    /** Keys of the sets this party holds (null for sets containing this party). */
    private final byte[][] keys;
    /** f_A(α_self), packed, per set. */
    private final long[] fAtSelf;
    /**
     * g_A(α_self) = Π_{j∈A} (α_j − α_self), packed, and as a small integer, per set. g_A is f_A
     * without its normalisation g_A(0) = Π α_j: for uniform sharings the normalisation is not
     * needed (Σ_A R_A·g_A(0) is as uniform as Σ_A R_A), and the values at the α's are small
     * integers, which multiply faster than arbitrary field elements.
     */
    private final long[] gAtSelf;
    private final long[] gSmall;
    /** g_A(α_self)·α_self^j for j = 1..t per set: [set][j−1] packed, and small. */
    private final long[][] zeroCoefficients;
    private final long[][] zeroSmall;

    private Prss(int self, int n, int t, int[] sets, byte[][] keys, ShamirScheme scheme) {
        this.self = self;
        this.n = n;
        this.t = t;
        this.sets = sets;
        this.keys = keys;
        this.fAtSelf = new long[2 * sets.length];
        this.zeroCoefficients = new long[sets.length][];
        this.gAtSelf = new long[2 * sets.length];
        this.gSmall = new long[sets.length];
        this.zeroSmall = new long[sets.length][];
        long alpha = self + 1L;
        for (int s = 0; s < sets.length; s++) {
            if (keys[s] == null) {
                continue;
            }
            // f_A(α_i) = Π_{j∈A} (α_j − α_i)/α_j
            long[] num = {1, 0};
            long[] den = {1, 0};
            for (int j = 0; j < n; j++) {
                if ((sets[s] & (1 << j)) != 0) {
                    long[] diff = new long[2];
                    Mersenne127.sub(j + 1L, 0, alpha, 0, diff, 0);
                    Mersenne127.mul(num[0], num[1], diff[0], diff[1], num, 0);
                    Mersenne127.mul(den[0], den[1], j + 1L, 0, den, 0);
                }
            }
            long[] inv = new long[2];
            Mersenne127.inverse(den[0], den[1], inv, 0);
            Mersenne127.mul(num[0], num[1], inv[0], inv[1], fAtSelf, 2 * s);
            Mersenne127.mul(num[0], num[1], 1, 0, gAtSelf, 2 * s);
            gSmall[s] = Mersenne127.smallValue(gAtSelf[2 * s], gAtSelf[2 * s + 1]);
            long[] z = new long[2 * t];
            long[] zs = new long[t];
            for (int j = 1; j <= t; j++) {
                long[] pw = scheme.power(self, j);
                Mersenne127.mul(gAtSelf[2 * s], gAtSelf[2 * s + 1], pw[0], pw[1], z, 2 * (j - 1));
                zs[j - 1] = Mersenne127.smallValue(z[2 * (j - 1)], z[2 * j - 1]);
            }
            zeroCoefficients[s] = z;
            zeroSmall[s] = zs;
        }
    }

    /** Number of t-subsets, C(n, t): the number of PRSS bits XORed into one random bit. */
    int setCount() {
        return sets.length;
    }

    /**
     * The one set-up round: for each set A, the smallest party outside A draws k_A (a 127-bit
     * AES key, so it travels as one field element) and sends it to the other parties outside A.
     */
    static Prss setUp(MpcNetwork network, ShamirScheme scheme, long round, SecureRandom random) {
        int self = network.self();
        int n = scheme.parties();
        int t = scheme.threshold();
        List<Integer> list = new ArrayList<>();
        for (int mask = 0; mask < (1 << n); mask++) {
            if (Integer.bitCount(mask) == t) {
                list.add(mask);
            }
        }
        int[] sets = list.stream().mapToInt(Integer::intValue).toArray();
        byte[][] keys = new byte[sets.length][];
        // What goes to / comes from each peer, in set order.
        List<long[]>[] toPeer = newLists(n);
        int[] expected = new int[n];
        java.util.Arrays.fill(expected, -1);
        for (int s = 0; s < sets.length; s++) {
            int holders = ~sets[s] & ((1 << n) - 1);
            int leader = Integer.numberOfTrailingZeros(holders);
            if ((holders & (1 << self)) == 0) {
                continue;
            }
            if (leader == self) {
                long[] key = new long[2];
                byte[] b = new byte[16];
                random.nextBytes(b);
                b[15] &= 0x7F;
                key[0] = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(0);
                key[1] = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(8);
                keys[s] = b;
                for (int j = 0; j < n; j++) {
                    if (j != self && (holders & (1 << j)) != 0) {
                        toPeer[j].add(key);
                    }
                }
            } else {
                expected[leader] = Math.max(expected[leader], 0) + 1;
            }
        }
        long[][] outgoing = new long[n][];
        for (int j = 0; j < n; j++) {
            if (j != self && !toPeer[j].isEmpty()) {
                long[] packed = new long[2 * toPeer[j].size()];
                for (int k = 0; k < toPeer[j].size(); k++) {
                    System.arraycopy(toPeer[j].get(k), 0, packed, 2 * k, 2);
                }
                outgoing[j] = packed;
            }
        }
        long[][] received = network.exchange(round, outgoing, expected);
        int[] cursor = new int[n];
        for (int s = 0; s < sets.length; s++) {
            int holders = ~sets[s] & ((1 << n) - 1);
            int leader = Integer.numberOfTrailingZeros(holders);
            if ((holders & (1 << self)) == 0 || leader == self) {
                continue;
            }
            int k = cursor[leader]++;
            byte[] b = new byte[16];
            java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            bb.putLong(received[leader][2 * k]);
            bb.putLong(received[leader][2 * k + 1]);
            keys[s] = b;
        }
        return new Prss(self, n, t, sets, keys, scheme);
    }

    /** PRSS stream (node id) of the key confirmation tags: below every node id and the MAC key's. */
    private static final long CONFIRMATION_STREAM = -2;

    /**
     * Malicious mode, one round after {@link #setUp}: every two parties confirm that they hold
     * the same key for each set neither is in, by sending each other a PRF tag of it
     * (PRF(k_A, a fixed stream): the other holds k_A anyway). A set-up leader that dealt
     * different keys to different holders would otherwise leave the honest parties with
     * inconsistent PRSS sharings — random values, double randoms, the MAC key. A wrong tag from
     * the set's leader, or for a set this party leads, names the sender (it lies about the key it
     * dealt or received); otherwise the leader or the sender is at fault and nobody is named.
     *
     * @return null if every tag matched, else the abort to throw
     */
    org.veilgrid.core.errors.ProtocolAbortException confirmKeys(MpcNetwork network, long round) {
        List<long[]>[] toPeer = newLists(n);
        for (int j = 0; j < n; j++) {
            if (j == self) {
                continue;
            }
            for (int s = 0; s < sets.length; s++) {
                if (keys[s] != null && (sets[s] & (1 << j)) == 0) {
                    toPeer[j].add(tag(s));
                }
            }
        }
        long[][] outgoing = new long[n][];
        int[] expected = new int[n];
        java.util.Arrays.fill(expected, -1);
        for (int j = 0; j < n; j++) {
            if (j != self) {
                outgoing[j] = pack(toPeer[j]);
                expected[j] = toPeer[j].size();
            }
        }
        long[][] received = network.exchange(round, outgoing, expected);
        for (int j = 0; j < n; j++) {
            if (j == self) {
                continue;
            }
            int k = 0;
            for (int s = 0; s < sets.length; s++) {
                if (keys[s] == null || (sets[s] & (1 << j)) != 0) {
                    continue;
                }
                long[] mine = tag(s);
                long[] theirs = received[j];
                if (theirs[2 * k] != mine[0] || theirs[2 * k + 1] != mine[1]) {
                    int holders = ~sets[s] & ((1 << n) - 1);
                    int leader = Integer.numberOfTrailingZeros(holders);
                    String reason = "the PRSS set-up keys differ between parties";
                    return leader == j || leader == self
                            ? new org.veilgrid.core.errors.ProtocolAbortException(network.partyName(j),
                                    reason + ": its confirmation does not match the key " + (leader == j ? "it dealt" : "this party dealt"))
                            : org.veilgrid.core.errors.ProtocolAbortException.unattributed(reason + " (the dealer '"
                                    + network.partyName(leader) + "' or the party '" + network.partyName(j)
                                    + "' deviated)");
                }
                k++;
            }
        }
        return null;
    }

    private long[] tag(int s) {
        return prg(s, CONFIRMATION_STREAM, 0).nextElements(1);
    }

    private static long[] pack(List<long[]> elements) {
        long[] packed = new long[2 * elements.size()];
        for (int k = 0; k < elements.size(); k++) {
            System.arraycopy(elements.get(k), 0, packed, 2 * k, 2);
        }
        return packed;
    }

    @SuppressWarnings("unchecked")
    private static List<long[]>[] newLists(int n) {
        List<long[]>[] lists = new List[n];
        for (int i = 0; i < n; i++) {
            lists[i] = new ArrayList<>();
        }
        return lists;
    }

    /** Stream {@code sub} of node {@code node} under key s. */
    private FieldPrg prg(int s, long node, int sub) {
        return new FieldPrg(keys[s], (node << 8) | sub);
    }

    /** This party's shares of {@code m} random elements (degree t): Σ_A R_A·g_A(x). */
    long[] random(long node, int m) {
        long[] out = new long[2 * m];
        long[] r = new long[2 * m];
        for (int s = 0; s < sets.length; s++) {
            if (keys[s] == null) {
                continue;
            }
            prg(s, node, 0).nextElements(r, 0, m);
            FieldVectors.mulConstantAdd(r, 0, gAtSelf[2 * s], gAtSelf[2 * s + 1], gSmall[s], out, m);
        }
        return out;
    }

    /**
     * This party's shares of {@code m} double random sharings: {@code [0]} degree t,
     * {@code [1]} degree 2t, of the same random values.
     */
    long[][] doubleRandom(long node, int m) {
        long[] rt = new long[2 * m];
        long[] r2t = new long[2 * m];
        long[] r = new long[2 * m];
        for (int s = 0; s < sets.length; s++) {
            if (keys[s] == null) {
                continue;
            }
            prg(s, node, 0).nextElements(r, 0, m);
            FieldVectors.mulConstantAdd(r, 0, gAtSelf[2 * s], gAtSelf[2 * s + 1], gSmall[s], rt, m);
            for (int j = 1; j <= t; j++) {
                prg(s, node, j).nextElements(r, 0, m);
                FieldVectors.mulConstantAdd(r, 0, zeroCoefficients[s][2 * (j - 1)], zeroCoefficients[s][2 * j - 1],
                        zeroSmall[s][j - 1], r2t, m);
            }
        }
        FieldVectors.add(r2t, rt, r2t, m);
        return new long[][] {rt, r2t};
    }

    /** The double randoms of {@code node} ({@link #doubleRandom}'s values), drawn chunk by chunk. */
    DoubleRandoms doubleRandoms(long node) {
        return new DoubleRandoms(node);
    }

    /**
     * A stream of double random sharings: {@link #next} fills the next elements in order, so a
     * caller can work through a long vector in cache-sized chunks instead of in whole-vector
     * passes. The values are those of {@link #doubleRandom} for the same node.
     */
    final class DoubleRandoms {
        /** [held set][sub-stream 0..t], null for sets this party is in. */
        private final FieldPrg[][] prgs = new FieldPrg[sets.length][];
        /** The held sets' indices, and whether their constants suit {@link FieldVectors#smallCombination}. */
        private final int[] held;
        private final boolean small;
        /** Per held set and sub-stream, the current chunk's PRG output (small path). */
        private long[][][] chunks;
        private long[][] terms;
        private int[] zeros;
        private long[] constants;

        private DoubleRandoms(long node) {
            int count = 0;
            for (int s = 0; s < sets.length; s++) {
                if (keys[s] != null) {
                    prgs[s] = new FieldPrg[t + 1];
                    for (int j = 0; j <= t; j++) {
                        prgs[s][j] = prg(s, node, j);
                    }
                    count++;
                }
            }
            held = new int[count];
            boolean ok = count > 0 && count <= FieldVectors.MAX_SMALL_TERMS;
            for (int s = 0, i = 0; s < sets.length; s++) {
                if (keys[s] != null) {
                    held[i++] = s;
                    ok &= gSmall[s] != Long.MIN_VALUE;
                    for (int j = 1; j <= t; j++) {
                        ok &= zeroSmall[s][j - 1] != Long.MIN_VALUE;
                    }
                }
            }
            small = ok;
        }

        /**
         * As {@link #next}, and adds the local products left·right (elements from
         * {@code factorOffset}; {@code left} one element if {@code leftScalar}) to r2t: the masked
         * products of a degree reduction, in one pass over the chunk where the constants allow.
         */
        void nextMasked(long[] rt, long[] masked, int offset, int count, long[] scratch,
                        long[] left, long[] right, int factorOffset, boolean leftScalar) {
            int h = held.length;
            if (!small || h * (t + 1) > FieldVectors.MAX_SMALL_TERMS) {
                next(rt, masked, offset, count, scratch);
                long[] p = new long[2];
                for (int e = 0, q = 2 * offset, k = 2 * factorOffset; e < count; e++, q += 2, k += 2) {
                    int kl = leftScalar ? 0 : k;
                    Mersenne127.mul(left[kl], left[kl + 1], right[k], right[k + 1], p, 0);
                    Mersenne127.add(masked[q], masked[q + 1], p[0], p[1], masked, q);
                }
                return;
            }
            if (chunks == null || chunks[0][0].length < 2 * count) {
                chunks = new long[h][t + 1][2 * count];
                terms = new long[h][];
                zeros = new int[h];
                constants = new long[h];
            }
            if (allTerms == null) {
                allTerms = new long[h * (t + 1)][];
                allConstants = new long[h * (t + 1)];
            }
            for (int i = 0; i < h; i++) {
                for (int j = 0; j <= t; j++) {
                    prgs[held[i]][j].nextElements(chunks[i][j], 0, count);
                }
            }
            // First the degree-t terms R_A·g_A(α_self), then the zero terms Z_A,j·g_A(α_self)·α_self^j.
            for (int i = 0; i < h; i++) {
                allTerms[i] = chunks[i][0];
                allConstants[i] = gSmall[held[i]];
                for (int j = 1; j <= t; j++) {
                    allTerms[h * j + i] = chunks[i][j];
                    allConstants[h * j + i] = zeroSmall[held[i]][j - 1];
                }
            }
            FieldVectors.maskedProducts(allTerms, allConstants, h, left, right, factorOffset, leftScalar, rt, masked, offset, count);
        }

        private long[][] allTerms;
        private long[] allConstants;

        /** The small path: PRG output of every held set and sub-stream, then one exact sum per element and output. */
        private void nextSmall(long[] rt, long[] r2t, int offset, int count) {
            int h = held.length;
            if (chunks == null || chunks[0][0].length < 2 * count) {
                chunks = new long[h][t + 1][2 * count];
                terms = new long[h][];
                zeros = new int[h];
                constants = new long[h];
            }
            for (int i = 0; i < h; i++) {
                for (int j = 0; j <= t; j++) {
                    prgs[held[i]][j].nextElements(chunks[i][j], 0, count);
                }
            }
            // rt = Σ_A R_A·g_A(α_self)
            for (int i = 0; i < h; i++) {
                terms[i] = chunks[i][0];
                constants[i] = gSmall[held[i]];
            }
            FieldVectors.smallCombination(terms, zeros, constants, null, 0, false, rt, offset, count);
            // r2t = rt + Σ_j Σ_A Z_A,j·g_A(α_self)·α_self^j
            for (int j = 1; j <= t; j++) {
                for (int i = 0; i < h; i++) {
                    terms[i] = chunks[i][j];
                    constants[i] = zeroSmall[held[i]][j - 1];
                }
                FieldVectors.smallCombination(terms, zeros, constants, j == 1 ? rt : r2t, offset, false, r2t, offset, count);
            }
        }

        /**
         * Sets elements [offset, offset + count) of {@code rt} and {@code r2t} to this party's shares
         * of the next {@code count} double randoms; {@code scratch} holds at least count elements.
         */
        void next(long[] rt, long[] r2t, int offset, int count, long[] scratch) {
            if (small) {
                nextSmall(rt, r2t, offset, count);
                return;
            }
            java.util.Arrays.fill(rt, 2 * offset, 2 * (offset + count), 0);
            java.util.Arrays.fill(r2t, 2 * offset, 2 * (offset + count), 0);
            for (int s = 0; s < sets.length; s++) {
                if (prgs[s] == null) {
                    continue;
                }
                prgs[s][0].nextElements(scratch, 0, count);
                FieldVectors.mulConstantAdd(scratch, 0, gAtSelf[2 * s], gAtSelf[2 * s + 1], gSmall[s], rt, offset, count);
                for (int j = 1; j <= t; j++) {
                    prgs[s][j].nextElements(scratch, 0, count);
                    FieldVectors.mulConstantAdd(scratch, 0, zeroCoefficients[s][2 * (j - 1)], zeroCoefficients[s][2 * j - 1],
                            zeroSmall[s][j - 1], r2t, offset, count);
                }
            }
            for (int e = offset, q = 2 * offset; e < offset + count; e++, q += 2) {
                Mersenne127.add(r2t[q], r2t[q + 1], rt[q], rt[q + 1], r2t, q);
            }
        }
    }

    /** This party's shares of {@code m} pseudo-random degree-2t sharings of zero. */
    long[] zero2t(long node, int m) {
        long[] out = new long[2 * m];
        long[] r = new long[2 * m];
        for (int s = 0; s < sets.length; s++) {
            if (keys[s] == null) {
                continue;
            }
            for (int j = 1; j <= t; j++) {
                prg(s, node, j).nextElements(r, 0, m);
                FieldVectors.mulConstantAdd(r, 0, zeroCoefficients[s][2 * (j - 1)], zeroCoefficients[s][2 * j - 1],
                        zeroSmall[s][j - 1], out, m);
            }
        }
        return out;
    }

    /**
     * The raw per-set bits this party knows: {@code [s][e]} is bit e of set s (0 or 1), or
     * {@code null} for sets this party is in. 
     */
    long[][] rawBits(long node, int m) {
        long[][] out = new long[sets.length][];
        for (int s = 0; s < sets.length; s++) {
            if (keys[s] != null) {
                long[] bits = new long[m];
                prg(s, node, 0).nextBits(bits, m);
                out[s] = bits;
            }
        }
        return out;
    }

    /** f_A(α_self) of set s, packed (zero for sets containing this party). */
    long[] fAtSelf(int s) {
        return new long[] {fAtSelf[2 * s], fAtSelf[2 * s + 1]};
    }

    /** The t-subset of set index s, as a bit mask of parties. */
    int set(int s) {
        return sets[s];
    }

    /** This party's shares of {@code m} random integers Σ_A R_A with each R_A in [0, 2^bits). */
    long[] boundedInteger(long node, int bits, int m) {
        long[] out = new long[2 * m];
        long[] r = new long[2 * m];
        for (int s = 0; s < sets.length; s++) {
            if (keys[s] == null) {
                continue;
            }
            prg(s, node, 0).nextBounded(bits, r, 0, m);
            mulAdd(r, fAtSelf[2 * s], fAtSelf[2 * s + 1], out, m);
        }
        return out;
    }

    private static void mulAdd(long[] r, long c0, long c1, long[] acc, int m) {
        FieldVectors.mulScalarAdd(r, c0, c1, acc, m);
    }

    int self() {
        return self;
    }
}
