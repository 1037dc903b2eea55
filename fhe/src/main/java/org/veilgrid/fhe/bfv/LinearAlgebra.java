package org.veilgrid.fhe.bfv;

import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.fhe.Parallelism;

/**
 * Linear algebra on encrypted vectors, for evaluating a model on an encrypted query.
 *
 * <p>A vector of dimension d (a power of two dividing N/2) is laid out <em>replicated</em>: slot
 * (r, c) holds v[c mod d] in both rows, so a row rotation by i acts on v as a cyclic rotation by
 * i. Then:
 * <ul>
 *   <li>{@link #matVec} computes M&middot;v for a plaintext d &times; d matrix by the diagonal
 *       method (Halevi-Shoup): M&middot;v = &Sigma;<sub>k</sub> diag<sub>k</sub> &odot;
 *       rot(v, k) with diag<sub>k</sub>[j] = M[j][j+k], arranged baby-step/giant-step so that
 *       it takes about 2&radic;d rotations instead of d;</li>
 *   <li>{@link #innerProduct} multiplies slot-wise and sums with log2(d) rotate-and-add steps,
 *       leaving the sum in every slot.</li>
 * </ul>
 * Results come back in the same replicated layout; {@link #decodeVector} reads the first d slots.
 */
public final class LinearAlgebra {
    private final BfvContext context;
    private final BatchEncoder encoder;
    private final Evaluator evaluator;

    /** Linear algebra on the calling thread. */
    public LinearAlgebra(BfvContext context) {
        this(context, Parallelism.singleThread());
    }

    /** Linear algebra whose rotations run on up to {@code parallelism.threads()} threads. */
    public LinearAlgebra(BfvContext context, Parallelism parallelism) {
        this.context = context;
        this.encoder = new BatchEncoder(context);
        this.evaluator = new Evaluator(context, parallelism);
    }

    private void checkDimension(int d) {
        int half = context.n() / 2;
        if (d < 1 || Integer.bitCount(d) != 1 || d > half) {
            throw new ParameterException("vector dimension must be a power of two up to N/2 = " + half + ", got " + d);
        }
    }

    /** The replicated layout of a vector of dimension d (values in [0, t)). */
    public Plaintext encodeVector(long[] v) {
        checkDimension(v.length);
        long[] slots = new long[context.n()];
        for (int s = 0; s < slots.length; s++) {
            slots[s] = v[s % v.length];
        }
        return encoder.encode(slots);
    }

    /** The first d slots of a plaintext in the replicated layout. */
    public long[] decodeVector(Plaintext p, int d) {
        checkDimension(d);
        return java.util.Arrays.copyOf(encoder.decode(p), d);
    }

    /**
     * Enc(v) to Enc(M&middot;v) for a plaintext d &times; d matrix with entries in [0, t).
     * Needs Galois keys for the rotations (the default power-of-two set suffices). Each
     * diagonal is encoded and transformed as it is used and then dropped; for one matrix and
     * many vectors, {@link #prepare} it once and use {@link #matVec(Ciphertext, PreparedMatrix,
     * GaloisKeys)}.
     *
     * @throws ParameterException if the matrix is not square with a power-of-two dimension up
     *     to N/2, or an entry lies outside [0, t)
     */
    public Ciphertext matVec(Ciphertext v, long[][] matrix, GaloisKeys gk) {
        checkMatrix(matrix);
        int d = matrix.length;
        int babySteps = babySteps(d);
        return matVec(v, d, babySteps, (g, b) -> diagonal(matrix, g, b, babySteps, v), gk);
    }

    /**
     * Enc(v) to Enc(M&middot;v) for a prepared matrix: only rotations and pointwise products.
     * The baby-step rotations and the giant steps run on the evaluator's threads.
     *
     * @throws ParameterException if v is at another level than the matrix was prepared for
     */
    public Ciphertext matVec(Ciphertext v, PreparedMatrix matrix, GaloisKeys gk) {
        if (matrix.context != Checks.inChain(context, v)) {
            throw new ParameterException("the matrix was prepared for level " + matrix.level()
                    + " of another or this chain, the vector is at level " + v.level() + "; prepare it for that level");
        }
        return matVec(v, matrix.dimension, matrix.babySteps, (g, b) -> matrix.diagonals[g][b], gk);
    }

    /**
     * M's diagonals, shifted for the baby-step/giant-step order, encoded and in NTT form at the
     * top level of this chain, for repeated {@link #matVec(Ciphertext, PreparedMatrix, GaloisKeys)}.
     *
     * @throws ParameterException as {@link #matVec(Ciphertext, long[][], GaloisKeys)}
     */
    public PreparedMatrix prepare(long[][] matrix) {
        return prepare(matrix, null);
    }

    /** As {@link #prepare(long[][])}, for the level {@code like} is at. */
    public PreparedMatrix prepare(long[][] matrix, Ciphertext like) {
        checkMatrix(matrix);
        int d = matrix.length;
        int babySteps = babySteps(d);
        PreparedPlaintext[][] diagonals = new PreparedPlaintext[d / babySteps][babySteps];
        for (int g = 0; g < diagonals.length; g++) {
            for (int b = 0; b < babySteps; b++) {
                diagonals[g][b] = diagonal(matrix, g, b, babySteps, like);
            }
        }
        BfvContext level = like == null ? context : Checks.inChain(context, like);
        return new PreparedMatrix(level, d, babySteps, diagonals);
    }

    private interface Diagonals {
        /** The prepared diagonal for giant step g and baby step b, or null when it is zero. */
        PreparedPlaintext get(int g, int b);
    }

    /** B = 2^ceil(log2(d)/2) baby steps, d/B giant steps: about 2&radic;d rotations in all. */
    private static int babySteps(int d) {
        int logD = Integer.numberOfTrailingZeros(d);
        return 1 << ((logD + 1) / 2);
    }

    /**
     * diag<sub>k</sub> for k = g&middot;B + b, rotated right by g&middot;B (so that one rotation
     * of the giant step's sum lines it up): shifted[j] = diag<sub>k</sub>[j - g&middot;B] with
     * diag<sub>k</sub>[j] = M[j][j + k] (indices mod d). Null when it is all zero.
     */
    private PreparedPlaintext diagonal(long[][] matrix, int g, int b, int babySteps, Ciphertext like) {
        int d = matrix.length;
        int giant = g * babySteps;
        int k = giant + b;
        long[] shifted = new long[d];
        boolean zero = true;
        for (int j = 0; j < d; j++) {
            int row = Math.floorMod(j - giant, d);
            shifted[j] = matrix[row][(row + k) % d];
            zero &= shifted[j] == 0;
        }
        if (zero) {
            return null;
        }
        Plaintext p = encodeVector(shifted);
        return like == null ? evaluator.prepare(p) : evaluator.prepare(p, like);
    }

    private Ciphertext matVec(Ciphertext v, int d, int babySteps, Diagonals diagonals, GaloisKeys gk) {
        Parallelism threads = evaluator.parallelism();
        int giantSteps = d / babySteps;
        Ciphertext[] rotations = new Ciphertext[babySteps];
        rotations[0] = v;
        threads.forEach(babySteps - 1, b -> rotations[b + 1] = evaluator.rotateRows(v, b + 1, gk));
        Ciphertext[] moved = new Ciphertext[giantSteps];
        threads.forEach(giantSteps, g -> {
            Ciphertext inner = null;
            for (int b = 0; b < babySteps; b++) {
                PreparedPlaintext diagonal = diagonals.get(g, b);
                if (diagonal == null) {
                    continue;
                }
                if (inner == null) {
                    inner = evaluator.multiplyPlain(rotations[b], diagonal);
                } else {
                    evaluator.multiplyPlainAddInPlace(inner, rotations[b], diagonal);
                }
            }
            if (inner != null) {
                moved[g] = g == 0 ? inner : evaluator.rotateRows(inner, g * babySteps, gk);
            }
        });
        Ciphertext result = null;
        for (Ciphertext m : moved) {
            if (m == null) {
                continue;
            }
            if (result == null) {
                result = m;
            } else {
                evaluator.addInPlace(result, m);
            }
        }
        if (result == null) {
            // The zero matrix: an encryption of zero derived from v keeps the caller's noise shape.
            return evaluator.sub(v, v);
        }
        return result;
    }

    private void checkMatrix(long[][] matrix) {
        int d = matrix.length;
        checkDimension(d);
        long t = context.parameters().plainModulus();
        for (long[] row : matrix) {
            if (row.length != d) {
                throw new ParameterException("matrix must be square: a row has " + row.length + " entries, expected " + d);
            }
            for (long x : row) {
                if (x < 0 || x >= t) {
                    throw new ParameterException("matrix entries must lie in [0, t = " + t + ")");
                }
            }
        }
    }

    /** Enc(a), Enc(b) (dimension d, replicated) to Enc(&lt;a, b&gt;) in every slot. */
    public Ciphertext innerProduct(Ciphertext a, Ciphertext b, int d, RelinKeys rk, GaloisKeys gk) {
        checkDimension(d);
        return sumSlots(evaluator.multiply(a, b, rk), d, gk);
    }

    /** Enc(a) and a plaintext vector w to Enc(&lt;a, w&gt;) in every slot. */
    public Ciphertext innerProduct(Ciphertext a, long[] w, GaloisKeys gk) {
        return sumSlots(evaluator.multiplyPlain(a, encodeVector(w)), w.length, gk);
    }

    private Ciphertext sumSlots(Ciphertext c, int d, GaloisKeys gk) {
        for (int shift = 1; shift < d; shift <<= 1) {
            c = evaluator.add(c, evaluator.rotateRows(c, shift, gk));
        }
        return c;
    }
}
