package org.veilgrid.fhe.ckks;

import java.util.ArrayList;
import java.util.List;

/**
 * A real R&times;C matrix M encoded once for {@link LinearAlgebra#multiply}: its generalised
 * diagonals d<sub>i</sub>[j] = M[j mod R][(j + i) mod C] (i &lt; R, j over every slot), grouped
 * for the baby-step giant-step product (i = g&middot;a + b with b &lt; g baby steps) and each
 * pre-rotated right by g&middot;a, so that a giant step's inner sum needs only the g baby
 * rotations of the input. With B &gt; 1 blocks one plaintext carries B diagonals, one per block
 * (see {@link LinearAlgebra}), and a product takes R/B plaintexts. Encoded at one level and scale (usually the prime the next rescale
 * drops, which keeps the product's scale where the input's was). Immutable; holds R plaintexts.
 */
public final class PreparedMatrix {
    final CkksContext context;
    final int rows;
    final int columns;
    final int level;
    final double scale;
    final int blocks;
    final int baby;
    final int giant;
    /**
     * diagonals[a]: giant step a's terms b &lt; terms[a] in NTT form, term b's k rows at
     * (b&middot;k + i)&middot;N, so that row i of every term is a fixed stride apart.
     */
    final long[][] diagonals;
    final int[] terms;

    PreparedMatrix(CkksContext context, int rows, int columns, int level, double scale, int blocks, int baby, int giant,
            long[][] diagonals, int[] terms) {
        this.terms = terms;
        this.blocks = blocks;
        this.context = context;
        this.rows = rows;
        this.columns = columns;
        this.level = level;
        this.scale = scale;
        this.baby = baby;
        this.giant = giant;
        this.diagonals = diagonals;
    }

    public int rows() {
        return rows;
    }

    public int columns() {
        return columns;
    }

    /** The level its diagonals are encoded at: the level the input ciphertext must be at. */
    public int level() {
        return level;
    }

    /** The scale its diagonals are encoded at: a product's scale is the input's times this. */
    public double scale() {
        return scale;
    }

    /** How many plaintexts (each B diagonals) a product multiplies: R/B. */
    public int plaintexts() {
        int sum = 0;
        for (int t : terms) {
            sum += t;
        }
        return sum;
    }

    /** How many blocks of the input's slots hold differently rotated copies ({@link LinearAlgebra#blockLayout}). */
    public int blocks() {
        return blocks;
    }

    /**
     * The left-rotation steps a product needs Galois keys for: the baby steps B&middot;b (b &lt;
     * g), the giant steps B&middot;g&middot;a, with B blocks the block sums 2C&middot;2<sup>t</sup>
     * and the re-replication by C, and the folds C/2, C/4, ..., R that sum the C/R partial results.
     */
    public List<Integer> rotationSteps() {
        return rotationSteps(rows, columns, blocks);
    }

    /** {@link #rotationSteps()} for a matrix of this shape, one block. */
    public static List<Integer> rotationSteps(int rows, int columns) {
        return rotationSteps(rows, columns, 1);
    }

    /** {@link #rotationSteps()} for a matrix of this shape and block count. */
    public static List<Integer> rotationSteps(int rows, int columns, int blocks) {
        int terms = rows / blocks;
        int g = LinearAlgebra.babySteps(terms);
        List<Integer> steps = new ArrayList<>();
        for (int b = 1; b < g && b < terms; b++) {
            steps.add(blocks * b);
        }
        for (int a = 1; a * g < terms; a++) {
            steps.add(blocks * a * g);
        }
        if (blocks > 1) {
            for (int t = blocks / 2; t >= 1; t /= 2) {
                steps.add(2 * columns * t);
            }
            steps.add(columns);
        }
        for (int t = columns / 2; t >= rows; t /= 2) {
            steps.add(t);
        }
        return steps;
    }

    @Override
    public String toString() {
        return "CkksPreparedMatrix(" + rows + "x" + columns + ", level " + level + ", " + baby + " baby x " + giant
                + " giant steps)";
    }
}
