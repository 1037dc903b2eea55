package org.veilgrid.fhe.ckks;

import java.util.Objects;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.fhe.Parallelism;
import org.veilgrid.fhe.rns.Automorphisms;
import org.veilgrid.fhe.rns.KeySwitchKey;
import org.veilgrid.fhe.rns.RingLevel;
import org.veilgrid.fhe.rns.RnsPoly;
import org.veilgrid.kernels.Kernels;
import org.veilgrid.kernels.Modulus;

/**
 * Matrix&ndash;vector products on CKKS slots (Halevi-Shoup diagonals, generalised to R &le; C,
 * with baby-step giant-step rotations).
 *
 * <p>Layout: a vector v of length C is held <em>replicated</em>, slot j holding v[j mod C]
 * ({@link #replicate}); C must divide the slot count N/2 and R must divide C, both powers of two.
 * The product y'[j] = &Sigma;<sub>i&lt;R</sub> d<sub>i</sub>[j]&middot;v[j + i] puts in slot j the
 * part of row j mod R over the columns j..j+R&minus;1 (mod C); log2(C/R) rotate-and-add folds sum
 * the C/R parts of each row, leaving M&middot;v replicated with period R: ready to be the next
 * layer's input. With i = g&middot;a + b the sum is &Sigma;<sub>a</sub> rot<sub>g&middot;a</sub>(&Sigma;<sub>b</sub>
 * rot<sub>&minus;g&middot;a</sub>(d<sub>i</sub>) &middot; rot<sub>b</sub>(v)): g &minus; 1 baby
 * rotations of the input, shared by every giant step, and R/g &minus; 1 giant rotations, about
 * 2&radic;R in all instead of R. The baby rotations are hoisted (one digit decomposition shared
 * by all, as {@link Evaluator#rotateHoisted}) and written at a fixed stride, as the prepared
 * diagonals are, so each giant step's inner sum runs over rows a fixed distance apart.
 *
 * <p>Blocks: a replicated input wastes the products on S/C copies of the same sums. With B &gt; 1
 * blocks of 2C slots the client lays its vector out as {@link #blockLayout}: block r holds v
 * rotated by r, twice. A rotation by B&middot;m (B&middot;m &lt; C) then leaves in the first C slots
 * of block r the input of diagonal B&middot;m + r, unspoilt by the next block, so one plaintext
 * carries B diagonals (zero in each block's second half) and a product takes R/B of them; log2 B
 * rotate-and-adds by 2C&middot;2<sup>t</sup> sum the blocks' partial results and one by C restores
 * the replication before the folds.
 *
 * <p>Precision: each slot sums R products, so the error is about &radic;R times a product's;
 * the result is at the input's level with scale (input scale)&middot;(matrix scale), not
 * rescaled.
 */
public final class LinearAlgebra {
    private final CkksContext context;
    private final Evaluator evaluator;
    private final Parallelism parallelism;

    public LinearAlgebra(CkksContext context) {
        this(context, Parallelism.singleThread());
    }

    public LinearAlgebra(CkksContext context, Parallelism parallelism) {
        this.context = Objects.requireNonNull(context, "context");
        this.parallelism = Objects.requireNonNull(parallelism, "parallelism");
        this.evaluator = new Evaluator(context, parallelism);
    }

    /** The baby-step count for R diagonals: the power of two nearest above &radic;R. */
    static int babySteps(int rows) {
        int g = 1;
        while (g * g < rows) {
            g <<= 1;
        }
        return g;
    }

    /**
     * v repeated across every slot (slot j holds v[j mod C]), the layout {@link #multiply} takes.
     *
     * @throws ParameterException unless v's length is a power of two dividing N/2
     */
    public static double[] replicate(double[] v, int slots) {
        int c = v.length;
        if (c == 0 || Integer.bitCount(c) != 1 || slots % c != 0) {
            throw new ParameterException("a replicated vector's length must be a power of two dividing the " + slots
                    + " slots, got " + c);
        }
        double[] out = new double[slots];
        for (int j = 0; j < slots; j++) {
            out[j] = v[j % c];
        }
        return out;
    }

    /**
     * v laid out for a product with B blocks: block r (2C slots) holds v rotated left by r,
     * twice; the pattern repeats over the slots. One block is {@link #replicate}.
     *
     * @throws ParameterException unless v's length C and B are powers of two with 2&middot;C&middot;B
     *     dividing the slots (C dividing them for B = 1)
     */
    public static double[] blockLayout(double[] v, int blocks, int slots) {
        if (blocks == 1) {
            return replicate(v, slots);
        }
        int c = v.length;
        checkBlocks(c, blocks, slots);
        double[] out = new double[slots];
        int period = 2 * c * blocks;
        for (int j = 0; j < slots; j++) {
            int jj = j % period;
            int r = jj / (2 * c);
            out[j] = v[(jj % (2 * c) + r) % c];
        }
        return out;
    }

    private static void checkBlocks(int columns, int blocks, int slots) {
        if (blocks < 1 || Integer.bitCount(blocks) != 1 || Integer.bitCount(columns) != 1
                || (blocks > 1 && (long) 2 * columns * blocks > slots)) {
            throw new ParameterException(blocks + " blocks of " + 2 * columns + " slots do not fit " + slots
                    + " slots (powers of two, 2·C·B <= slots)");
        }
    }

    /** {@link #prepare(double[][], int, double, int)} with one block (a replicated input). */
    public PreparedMatrix prepare(double[][] matrix, int level, double scale) {
        return prepare(matrix, level, scale, 1);
    }

    /**
     * Encodes M's diagonals for products with inputs at {@code level}.
     *
     * @param matrix R rows of C values each, R &le; C, both powers of two, C dividing N/2
     * @param scale the diagonals' scale (e.g. the level's last prime, so that a rescale restores
     *     the input's scale)
     * @param blocks B: 1 for a {@link #replicate}d input, or a power of two dividing R with
     *     2&middot;C&middot;B &le; N/2 for a {@link #blockLayout} input
     * @throws ParameterException if the shape does not fit, a value is not finite, or the level is
     *     outside the chain
     */
    public PreparedMatrix prepare(double[][] matrix, int level, double scale, int blocks) {
        int rows = matrix.length;
        if (rows == 0) {
            throw new ParameterException("the matrix has no rows");
        }
        int columns = matrix[0].length;
        for (double[] row : matrix) {
            if (row.length != columns) {
                throw new ParameterException("the matrix's rows differ in length");
            }
        }
        int slots = context.slots();
        if (Integer.bitCount(rows) != 1 || Integer.bitCount(columns) != 1 || rows > columns || columns > slots) {
            throw new ParameterException("a " + rows + "x" + columns + " matrix does not fit the slot layout: rows and"
                    + " columns must be powers of two with rows <= columns <= " + slots);
        }
        checkBlocks(columns, blocks, slots);
        if (blocks > rows) {
            throw new ParameterException(blocks + " blocks for " + rows + " rows: at most one block per diagonal");
        }
        context.ring(level);
        int terms = rows / blocks;
        int g = babySteps(terms);
        int giant = (terms + g - 1) / g;
        int k = context.ring(level).primeCount();
        int n = context.n();
        long[][] diagonals = new long[giant][];
        int[] termsPerGiant = new int[giant];
        double[] values = new double[slots];
        int period = 2 * columns * blocks;
        for (int a = 0; a < giant; a++) {
            termsPerGiant[a] = Math.min(g, terms - a * g);
            diagonals[a] = new long[termsPerGiant[a] * k * n];
            for (int b = 0; b < termsPerGiant[a]; b++) {
                int m = a * g + b;
                int shift = blocks * g * a;
                for (int j = 0; j < slots; j++) {
                    // The diagonal(s) of term m, rotated right by the giant step's shift.
                    int src = Math.floorMod(j - shift, slots);
                    if (blocks == 1) {
                        values[j] = matrix[src % rows][(src + m) % columns];
                    } else {
                        int jj = src % period;
                        int r = jj / (2 * columns);
                        int jp = jj % (2 * columns);
                        values[j] = jp < columns ? matrix[jp % rows][(jp + blocks * m + r) % columns] : 0;
                    }
                }
                System.arraycopy(context.encode(values, null, level, scale).poly.data, 0, diagonals[a], b * k * n, k * n);
            }
        }
        return new PreparedMatrix(context, rows, columns, level, scale, blocks, g, giant, diagonals, termsPerGiant);
    }

    /**
     * M&middot;v for v replicated with period C ({@link #replicate}; laid out by {@link
     * #blockLayout} for a matrix prepared with blocks) in {@code v}: the result holds
     * M&middot;v replicated with period R, at v's level, with scale v.scale &middot; M.scale.
     *
     * @throws ParameterException if v is not at the matrix's level, or a Galois key of
     *     {@link PreparedMatrix#rotationSteps()} is missing
     */
    public Ciphertext multiply(Ciphertext v, PreparedMatrix m, GaloisKeys gk) {
        Checks.sameContext(context, v.context, "ciphertext");
        Checks.sameContext(context, m.context, "prepared matrix");
        if (v.level != m.level) {
            throw new ParameterException("the ciphertext is at level " + v.level + ", the matrix was prepared for level "
                    + m.level);
        }
        galoisKeysFor(v, gk);
        RingLevel ring = context.ring(v.level);
        int n = context.n();
        int k = ring.primeCount();
        int stride = k * n;
        int g = Math.min(m.baby, m.terms[0]);
        // The input and its g - 1 baby rotations, term b's rows at b * stride: row i of every
        // term is then a fixed stride apart, as in the prepared diagonals.
        long[] r0 = new long[g * stride];
        long[] r1 = new long[g * stride];
        System.arraycopy(v.c0.data, 0, r0, 0, stride);
        System.arraycopy(v.c1.data, 0, r1, 0, stride);
        if (g > 1) {
            long[] gs = new long[g - 1];
            KeySwitchKey[] keys = new KeySwitchKey[g - 1];
            for (int b = 1; b < g; b++) {
                int step = m.blocks * b;
                gs[b - 1] = GaloisKeys.elementForStep(context, step);
                keys[b - 1] = gk.require(gs[b - 1], "rotation by " + step);
            }
            Automorphisms.applyHoistedInto(ring, v.c0, v.c1, gs, keys, parallelism, r0, r1, stride, stride);
        }
        Ciphertext result = null;
        for (int a = 0; a < m.giant; a++) {
            RnsPoly s0 = new RnsPoly(n, k, true);
            RnsPoly s1 = new RnsPoly(n, k, true);
            long[] diagonal = m.diagonals[a];
            int count = m.terms[a];
            parallelism.forEach(k, i -> {
                Kernels kernels = Kernels.get();
                Modulus q = ring.modulus(i);
                int off = i * n;
                // One reduction per element for the whole sum (lazy reduction).
                kernels.dot(q, r0, off, stride, diagonal, off, stride, count, s0.data, off, n);
                kernels.dot(q, r1, off, stride, diagonal, off, stride, count, s1.data, off, n);
            });
            Ciphertext inner = new Ciphertext(context, v.level, v.scale * m.scale, s0, s1, v.owner);
            Ciphertext shifted = a == 0 ? inner : evaluator.rotate(inner, m.blocks * a * m.baby, gk);
            result = result == null ? shifted : evaluator.add(result, shifted);
        }
        if (m.blocks > 1) {
            for (int t = m.blocks / 2; t >= 1; t /= 2) {
                result = evaluator.add(result, evaluator.rotate(result, 2 * m.columns * t, gk));
            }
            result = evaluator.add(result, evaluator.rotate(result, m.columns, gk));
        }
        for (int t = m.columns / 2; t >= m.rows; t /= 2) {
            result = evaluator.add(result, evaluator.rotate(result, t, gk));
        }
        return result;
    }

    private void galoisKeysFor(Ciphertext v, GaloisKeys gk) {
        Checks.sameContext(context, gk.context, "Galois keys");
        Checks.sameKey(v.owner, gk.owner, "the Galois keys were made from another secret key than the ciphertext's");
    }
}
