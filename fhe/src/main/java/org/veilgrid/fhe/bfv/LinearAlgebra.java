package org.veilgrid.fhe.bfv;

import org.veilgrid.core.errors.ParameterException;

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

    public LinearAlgebra(BfvContext context) {
        this.context = context;
        this.encoder = new BatchEncoder(context);
        this.evaluator = new Evaluator(context);
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
     * Needs Galois keys for the rotations (the default power-of-two set suffices).
     */
    public Ciphertext matVec(Ciphertext v, long[][] matrix, GaloisKeys gk) {
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
        int logD = Integer.numberOfTrailingZeros(d);
        int babySteps = 1 << ((logD + 1) / 2);
        int giantSteps = d / babySteps;
        Ciphertext[] rotations = new Ciphertext[babySteps];
        rotations[0] = v;
        for (int b = 1; b < babySteps; b++) {
            rotations[b] = evaluator.rotateRows(v, b, gk);
        }
        Ciphertext result = null;
        long[] shifted = new long[d];
        for (int g = 0; g < giantSteps; g++) {
            int giant = g * babySteps;
            Ciphertext inner = null;
            for (int b = 0; b < babySteps; b++) {
                int k = giant + b;
                // shifted[j] = diag_k[j - giant], diag_k[j] = M[j][j + k] (indices mod d).
                boolean zero = true;
                for (int j = 0; j < d; j++) {
                    int row = Math.floorMod(j - giant, d);
                    shifted[j] = matrix[row][(row + k) % d];
                    zero &= shifted[j] == 0;
                }
                if (zero) {
                    continue;
                }
                Ciphertext term = evaluator.multiplyPlain(rotations[b], encodeVector(shifted));
                inner = inner == null ? term : evaluator.add(inner, term);
            }
            if (inner == null) {
                continue;
            }
            Ciphertext moved = giant == 0 ? inner : evaluator.rotateRows(inner, giant, gk);
            result = result == null ? moved : evaluator.add(result, moved);
        }
        if (result == null) {
            // The zero matrix: an encryption of zero derived from v keeps the caller's noise shape.
            return evaluator.sub(v, v);
        }
        return result;
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
