package org.veilgrid.mpc.engine;

import java.util.List;

import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.mpc.field.FieldPrg;
import org.veilgrid.mpc.field.FieldVectors;
import org.veilgrid.mpc.field.Mersenne127;

/**
 * Compressed verification of the products that carry no MAC (malicious mode): one part of every
 * {@link VerifyStep}, running in its rounds. It checks a batch of M recorded products
 * z_i = x_i·y_i and inner products z = ⟨x⃗, y⃗⟩ ({@link Wires.Triple}, reduced like any other
 * product but without the second, MAC product) with O(log M) elements of traffic instead of M more products, following the
 * distributed zero-knowledge proofs of Boneh, Boyle, Corrigan-Gibbs, Gilboa and Ishai ("Zero-
 * Knowledge Proofs on Secret-Shared Data via Fully Linear PCPs", CRYPTO 2019) in the form Goyal
 * and Song, and Goyal, Li, Song and Weng, gave them for honest-majority Shamir sharing
 * ("Malicious Security for Honest Majority MPC with Linear Communication", and ATLAS, CRYPTO
 * 2021): the parties compress the claim "z = ⟨x, y⟩" K-fold per level, never opening anything
 * but coins, until one masked product remains to open.
 *
 * <ol>
 *   <li><b>One inner product.</b> With public coefficients θ_i from the verification's coins
 *       (drawn after every product was fixed), x⃗ = (x_i), y⃗ = (θ_i·y_i) and z = Σ θ_i·z_i
 *       (a triple's inner products over the same x, {@link Wires.Triple#z2}, take one θ_o each
 *       and add θ_o·y2_e to y⃗):
 *       z = ⟨x⃗, y⃗⟩ for right products, and for a batch with errors e_i it holds only if
 *       Σ θ_i·e_i = 0, probability 1/p.</li>
 *   <li><b>A level</b> (two rounds), for vectors of length n &gt; K: split x⃗ into k parts
 *       f(1)..f(k) of length n/k (zero-padded), y⃗ likewise into g(·), with k = 2 while
 *       n &gt; {@value #WIDE} and k = K = 4 below; f, g extend to vectors of polynomials of degree
 *       k − 1, and h(X) = ⟨f(X), g(X)⟩ has degree 2k − 2 with Σ_{j≤k} h(j) = z. Round 1: each
 *       party computes its degree-2t shares of h(j) for j = 1..2k − 1 except k (f(j), g(j) for
 *       j &gt; k by extrapolation: f(3) = 2f(2) − f(1) for k = 2, small integer Lagrange
 *       coefficients for k = 4) and reduces them ({@link MultiplyStep.Reduction}, 2k − 2
 *       elements); h(k) = z − Σ_{j&lt;k} h(j). Round 2: a PRSS coin r is opened, checked. The
 *       claim becomes z' = h(r) = ⟨f(r), g(r)⟩ on vectors k times shorter. If the claim was
 *       false, h differs from ⟨f, g⟩ as polynomials (whatever errors were added to the reduced
 *       h(j), which were fixed before r), and agrees at r with probability at most (2k − 2)/p.
 *       Halving while the vectors are long keeps the local work at about four multiplications
 *       per element in all (the check is CPU- and memory-bound there and round-bound below).</li>
 *   <li><b>The last level</b>, for n ≤ K: the same with a PRSS random pair (x_0, y_0) appended
 *       as an (K + 1)-th node, so f and g have degree K and f(r), g(r) are uniformly random for
 *       r outside the nodes. After the coin, f(r), g(r) and h(r) are opened (checked) and the
 *       verification aborts unless h(r) = f(r)·g(r). What is opened is a uniform pair and its
 *       product (plus errors the adversary knows): nothing of the honest parties' values.</li>
 * </ol>
 *
 * <p>Soundness: a batch with a wrong product passes with probability at most
 * (1 + Σ_levels (2k − 2) + 2K)/p, below 2^−120 for L ≤ {@value #MAX_LEVELS} levels. Rounds: 2 per
 * level plus one opening, run beside the MAC verification's. A coin equal to an interpolation
 * node (probability about 2K/p) aborts: opening f there would show a value.
 */
final class ProductCheck {

    /** The compression factor of a level below {@link #WIDE} elements, and of the last. */
    static final int K = 4;
    /**
     * Above this length a level halves the vectors instead (K = 2): its extrapolation is two
     * additions per element instead of small multiples, which matters while the vectors are long
     * (the check is memory- and CPU-bound there, round-bound below).
     */
    static final int WIDE = 1 << 16;
    /** Levels at most (K^30 is far above any batch). */
    private static final int MAX_LEVELS = 30;
    private static final int CHUNK = 1024;

    private final PartyContext party;
    /** PRSS stream ids: per level its reduction and coin, then the final mask pair. */
    private final long[] streams;
    private long[] x;
    private long[] y;
    private int n;
    private final long[] z = new long[2];
    private int level;
    /** This level's compression factor (2 or K) and number of interpolation nodes (k, or K + 1 last). */
    private int k;
    private boolean last;
    private int nodes;
    private int partLength;
    /**
     * −1: not started; 0: next round reduces the level's h(j); 1: next round opens the coin;
     * 2: next round opens the result; 3: finished.
     */
    private int phase = -1;
    private MultiplyStep.Reduction reduction;
    private long[] h;
    private long[] share;
    private int[] offsets;

    /** @param streams 2·{@value #MAX_LEVELS} + 1 fresh node ids (PRSS streams of this check) */
    ProductCheck(PartyContext party, long[] streams) {
        if (streams.length != 2 * MAX_LEVELS + 1) {
            throw new IllegalArgumentException("need " + (2 * MAX_LEVELS + 1) + " stream ids");
        }
        this.party = party;
        this.streams = streams.clone();
    }

    static int streamCount() {
        return 2 * MAX_LEVELS + 1;
    }

    /**
     * Starts the check of {@code triples} with coefficients from {@code seed} (the verification's
     * opened coins); with no triples the check is finished at once.
     */
    void start(List<Wires.Triple> triples, byte[] seed) {
        long total = 0;
        for (Wires.Triple t : triples) {
            total += t.m();
        }
        if (triples.isEmpty()) {
            phase = 3;
            return;
        }
        if (total > Integer.MAX_VALUE / 2) {
            throw new IllegalStateException("too many products in one verification: " + total);
        }
        // At least one (zero) element: a triple with no elements still claims its z2 = 0.
        n = (int) Math.max(1, total);
        x = new long[2 * n];
        y = new long[2 * n];
        FieldPrg theta = new FieldPrg(seed, 1);
        long[] th = new long[2 * CHUNK];
        long[] sum = new long[3];
        int pos = 0;
        for (Wires.Triple t : triples) {
            System.arraycopy(t.x(), 0, x, 2 * pos, 2 * t.m());
            long[] ty = t.y();
            long[] tz = t.z();
            long[] owners = null;
            if (t.y2() != null) {
                // θ_o for the three inner products over the same x: y'_e gets θ_{e mod 3}·y2_e too.
                owners = theta.nextElements(3);
                for (int o = 0; o < 3; o++) {
                    FieldVectors.addProduct(owners[2 * o], owners[2 * o + 1], t.z2()[2 * o], t.z2()[2 * o + 1], sum);
                }
            }
            long[] t2 = new long[2];
            for (int from = 0; from < t.m(); from += CHUNK) {
                int count = Math.min(CHUNK, t.m() - from);
                theta.nextElements(th, 0, count);
                for (int i = 0, k = 2 * from, q = 2 * (pos + from); i < count; i++, k += 2, q += 2) {
                    Mersenne127.mul(th[2 * i], th[2 * i + 1], ty[k], ty[k + 1], y, q);
                    FieldVectors.addProduct(th[2 * i], th[2 * i + 1], tz[k], tz[k + 1], sum);
                    if (owners != null) {
                        int o = 2 * ((from + i) % 3);
                        long[] y2 = t.y2();
                        Mersenne127.mul(owners[o], owners[o + 1], y2[k], y2[k + 1], t2, 0);
                        Mersenne127.add(y[q], y[q + 1], t2[0], t2[1], y, q);
                    }
                }
            }
            pos += t.m();
        }
        FieldVectors.foldSum(sum, z, 0);
        level = 0;
        beginLevel();
    }

    /** Whether the check has passed (or had nothing to check). */
    boolean finished() {
        return phase == 3;
    }

    /** Whether the check has started and has a round to take part in. */
    boolean active() {
        return phase >= 0 && phase < 3;
    }

    /** Splits the vectors into the level's parts (the last level appends the random mask pair). */
    private void beginLevel() {
        if (level >= MAX_LEVELS) {
            throw new IllegalStateException("product check did not converge");
        }
        if (n <= K) {
            last = true;
            k = K;
            nodes = K + 1;
            partLength = 1;
            long[] mask = party.prss.random(streams[2 * MAX_LEVELS], 2);
            long[] nx = new long[2 * nodes];
            long[] ny = new long[2 * nodes];
            System.arraycopy(x, 0, nx, 0, 2 * n);
            System.arraycopy(y, 0, ny, 0, 2 * n);
            nx[2 * K] = mask[0];
            nx[2 * K + 1] = mask[1];
            ny[2 * K] = mask[2];
            ny[2 * K + 1] = mask[3];
            x = nx;
            y = ny;
        } else {
            last = false;
            k = n > WIDE ? 2 : K;
            nodes = k;
            partLength = (n + k - 1) / k;
            if (partLength * k != n) {
                x = java.util.Arrays.copyOf(x, 2 * partLength * k);
                y = java.util.Arrays.copyOf(y, 2 * partLength * k);
            }
        }
        phase = 0;
    }

    void send(Round r) {
        switch (phase) {
            case 0 -> {
                long[] values = localH();
                int count = 2 * nodes - 2;
                long[] ones = new long[2 * count];
                for (int i = 0; i < count; i++) {
                    ones[2 * i] = 1;
                }
                reduction = new MultiplyStep.Reduction(party, streams[2 * level], values, ones, count);
                reduction.send(r);
            }
            case 1 -> {
                share = party.prss.random(streams[2 * level + 1], 1);
                offsets = CheckedOpenStep.sendToAll(party, r, share, 1);
            }
            case 2 -> offsets = CheckedOpenStep.sendToAll(party, r, share, 3);
            default -> throw new IllegalStateException("product check phase " + phase);
        }
    }

    void receive(Round r) {
        switch (phase) {
            case 0 -> {
                long[] reduced = reduction.receive(r);
                reduction = null;
                // h(1..2N−1) with h(k) = z − Σ_{j<k} h(j); reduced holds every j but k, in order.
                h = new long[2 * (2 * nodes - 1)];
                long[] known = new long[2];
                known[0] = z[0];
                known[1] = z[1];
                for (int j = 1, i = 0; j <= 2 * nodes - 1; j++) {
                    if (j == k) {
                        continue;
                    }
                    h[2 * (j - 1)] = reduced[2 * i];
                    h[2 * (j - 1) + 1] = reduced[2 * i + 1];
                    if (j < k) {
                        Mersenne127.sub(known[0], known[1], reduced[2 * i], reduced[2 * i + 1], known, 0);
                    }
                    i++;
                }
                h[2 * (k - 1)] = known[0];
                h[2 * (k - 1) + 1] = known[1];
                phase = 1;
            }
            case 1 -> {
                long[] coin = openChecked(r, "the product check's coin", 1);
                compress(coin);
                share = null;
                if (last) {
                    share = new long[6];
                    System.arraycopy(x, 0, share, 0, 2);
                    System.arraycopy(y, 0, share, 2, 2);
                    System.arraycopy(z, 0, share, 4, 2);
                    phase = 2;
                } else {
                    level++;
                    beginLevel();
                }
            }
            case 2 -> {
                long[] fgh = openChecked(r, "the product check's result", 3);
                long[] product = new long[2];
                Mersenne127.mul(fgh[0], fgh[1], fgh[2], fgh[3], product, 0);
                if (product[0] != fgh[4] || product[1] != fgh[5]) {
                    throw party.abort(ProtocolAbortException.unattributed(
                            "verification failed: a party deviated in a product checked without MACs"));
                }
                x = null;
                y = null;
                share = null;
                phase = 3;
            }
            default -> throw new IllegalStateException("product check phase " + phase);
        }
    }

    private long[] openChecked(Round r, String what, int m) {
        long[][] all = CheckedOpenStep.gather(party, r, share, offsets, m);
        boolean[] ok = new boolean[m];
        long[] opened = CheckedOpenStep.open(party, all, m, ok);
        for (boolean b : ok) {
            if (!b) {
                throw party.abort(ProtocolAbortException.unattributed(
                        "verification failed: the shares of " + what + " do not lie on one polynomial of degree " + party.t));
            }
        }
        return opened;
    }

    /**
     * This party's degree-2t shares of h(j) = ⟨f(j), g(j)⟩ for j = 1..2N − 1 except K, in order:
     * the parts' own inner products, then those of the extrapolated parts.
     */
    private long[] localH() {
        if (nodes == 2) {
            return localHalving();
        }
        int count = 2 * nodes - 1;
        long[][] sums = new long[count][3];
        long[][] coefficients = new long[count][];
        for (int j = nodes + 1; j <= count; j++) {
            coefficients[j - 1] = LagrangeTable.small(nodes, j);
        }
        long[] fe = new long[2];
        long[] ge = new long[2];
        long[] t = new long[2];
        for (int e = 0; e < partLength; e++) {
            for (int j = 1; j <= nodes; j++) {
                int q = 2 * ((j - 1) * partLength + e);
                FieldVectors.addProduct(x[q], x[q + 1], y[q], y[q + 1], sums[j - 1]);
            }
            for (int j = nodes + 1; j <= count; j++) {
                long[] c = coefficients[j - 1];
                fe[0] = 0;
                fe[1] = 0;
                ge[0] = 0;
                ge[1] = 0;
                for (int i = 0; i < nodes; i++) {
                    int q = 2 * (i * partLength + e);
                    Mersenne127.addMultiple(fe, 0, c[i], x[q], x[q + 1], t);
                    Mersenne127.addMultiple(ge, 0, c[i], y[q], y[q + 1], t);
                }
                FieldVectors.addProduct(fe[0], fe[1], ge[0], ge[1], sums[j - 1]);
            }
        }
        long[] out = new long[2 * (count - 1)];
        for (int j = 1, i = 0; j <= count; j++) {
            if (j == k) {
                continue;
            }
            FieldVectors.foldSum(sums[j - 1], out, 2 * i);
            i++;
        }
        return out;
    }

    /** localH for two nodes: h(1) = ⟨f(1), g(1)⟩ and h(3) with f(3) = 2f(2) − f(1) (h(2) is implied). */
    private long[] localHalving() {
        long[] s1 = new long[3];
        long[] s3 = new long[3];
        long[] f = new long[2];
        long[] g = new long[2];
        int half = 2 * partLength;
        for (int q = 0; q < half; q += 2) {
            long f10 = x[q];
            long f11 = x[q + 1];
            long g10 = y[q];
            long g11 = y[q + 1];
            FieldVectors.addProduct(f10, f11, g10, g11, s1);
            // f(3) = f(2) + (f(2) − f(1))
            Mersenne127.sub(x[half + q], x[half + q + 1], f10, f11, f, 0);
            Mersenne127.add(f[0], f[1], x[half + q], x[half + q + 1], f, 0);
            Mersenne127.sub(y[half + q], y[half + q + 1], g10, g11, g, 0);
            Mersenne127.add(g[0], g[1], y[half + q], y[half + q + 1], g, 0);
            FieldVectors.addProduct(f[0], f[1], g[0], g[1], s3);
        }
        long[] out = new long[4];
        FieldVectors.foldSum(s1, out, 0);
        FieldVectors.foldSum(s3, out, 2);
        return out;
    }

    /** x ← f(r), y ← g(r), z ← h(r); aborts if r is an interpolation node. */
    private void compress(long[] r) {
        int count = 2 * nodes - 1;
        if (r[1] == 0 && r[0] >= 1 && r[0] <= count) {
            throw party.abort(ProtocolAbortException.unattributed(
                    "the product check's coin hit an interpolation node (probability about 2^-124); rerun"));
        }
        long[] lf = LagrangeTable.at(nodes, r);
        long[] lh = LagrangeTable.at(count, r);
        long[] nx = new long[2 * partLength];
        long[] ny = new long[2 * partLength];
        long[] sx = new long[3];
        long[] sy = new long[3];
        for (int e = 0; e < partLength; e++) {
            sx[0] = 0;
            sx[1] = 0;
            sx[2] = 0;
            sy[0] = 0;
            sy[1] = 0;
            sy[2] = 0;
            for (int i = 0; i < nodes; i++) {
                int q = 2 * (i * partLength + e);
                FieldVectors.addProduct(lf[2 * i], lf[2 * i + 1], x[q], x[q + 1], sx);
                FieldVectors.addProduct(lf[2 * i], lf[2 * i + 1], y[q], y[q + 1], sy);
            }
            FieldVectors.foldSum(sx, nx, 2 * e);
            FieldVectors.foldSum(sy, ny, 2 * e);
        }
        long[] sz = new long[3];
        for (int j = 0; j < count; j++) {
            FieldVectors.addProduct(lh[2 * j], lh[2 * j + 1], h[2 * j], h[2 * j + 1], sz);
        }
        FieldVectors.foldSum(sz, z, 0);
        x = nx;
        y = ny;
        n = partLength;
        h = null;
    }

    /** Lagrange coefficients for the nodes 1..N. */
    static final class LagrangeTable {
        private LagrangeTable() {
        }

        /** L_i(j) for i = 1..N at an integer point j (integers for consecutive integer nodes). */
        static long[] small(int nodes, int j) {
            long[] out = new long[nodes];
            for (int i = 1; i <= nodes; i++) {
                java.math.BigInteger num = java.math.BigInteger.ONE;
                java.math.BigInteger den = java.math.BigInteger.ONE;
                for (int m = 1; m <= nodes; m++) {
                    if (m != i) {
                        num = num.multiply(java.math.BigInteger.valueOf(j - m));
                        den = den.multiply(java.math.BigInteger.valueOf(i - m));
                    }
                }
                java.math.BigInteger[] qr = num.divideAndRemainder(den);
                if (qr[1].signum() != 0 || qr[0].bitLength() > 60) {
                    throw new IllegalStateException("Lagrange coefficient is not a small integer");
                }
                out[i - 1] = qr[0].longValueExact();
            }
            return out;
        }

        /** L_i(r) for i = 1..N at a field point r (packed); r must not be a node. */
        static long[] at(int nodes, long[] r) {
            long[] out = new long[2 * nodes];
            long[] t = new long[2];
            long[] diff = new long[2];
            for (int i = 1; i <= nodes; i++) {
                long[] num = {1, 0};
                long den = 1;
                for (int m = 1; m <= nodes; m++) {
                    if (m != i) {
                        Mersenne127.sub(r[0], r[1], m, 0, diff, 0);
                        Mersenne127.mul(num[0], num[1], diff[0], diff[1], num, 0);
                        den *= i - m;
                    }
                }
                Mersenne127.fromLong(den, t, 0);
                Mersenne127.inverse(t[0], t[1], t, 0);
                Mersenne127.mul(num[0], num[1], t[0], t[1], out, 2 * (i - 1));
            }
            return out;
        }
    }
}
