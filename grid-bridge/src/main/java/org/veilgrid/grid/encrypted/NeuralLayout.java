package org.veilgrid.grid.encrypted;

import java.util.List;
import java.util.TreeSet;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.fhe.ckks.CkksContext;
import org.veilgrid.fhe.ckks.CkksParameters;
import org.veilgrid.fhe.ckks.CkksPreset;
import org.veilgrid.fhe.ckks.LinearAlgebra;
import org.veilgrid.fhe.ckks.PreparedMatrix;
import org.veilgrid.grid.model.NeuralByteModel;

/**
 * What the client and the node of an encrypted neural next-byte call agree on: the CKKS
 * parameters ({@link CkksPreset#N16384_WIDE}: four 60-bit primes, 8192 slots), the model's shape
 * (k context bytes, H hidden units: public, the weights are not) and the slot layout.
 *
 * <p>The query is the one-hot context (column p&middot;256 + b for context position p holding
 * byte b; D = 256&middot;k columns rounded up to a power of two) laid out over the 8192 slots
 * (replicated, or in blocks of differently rotated copies: {@link #inputBlocks()}), at level 0 with scale q<sub>2</sub>&middot;2<sup>6</sup>. The node's circuit: the dense layer (an H'&times;D
 * product, H' = H rounded up to a power of two) and a rescale to level 1; the hidden bias; a
 * square and a rescale to level 2; the output layer (a 256&times;max(H', 256) product at scale
 * 2<sup>52</sup>, not rescaled) and the output bias; then the flood. The answer holds the 256
 * logits replicated 32 times, at level 2 (two primes, 120 bits).
 */
public final class NeuralLayout {
    public static final CkksPreset PRESET = CkksPreset.N16384_WIDE;
    public static final int INPUT_LEVEL = 0;
    public static final int HIDDEN_LEVEL = 1;
    public static final int OUTPUT_LEVEL = 2;
    /** The output layer's weights' scale: the logits' scale is q<sub>2</sub> times this. */
    public static final double OUTPUT_WEIGHT_SCALE = 0x1p52;
    public static final int LOGITS = 256;
    /** N/2 of the preset. */
    static final int SLOTS = 8192;

    private final int contextBytes;
    private final int hiddenUnits;
    private final int inputColumns;
    private final int hiddenRows;
    private final int outputColumns;
    private final int inputBlocks;

    private NeuralLayout(int contextBytes, int hiddenUnits) {
        this.contextBytes = contextBytes;
        this.hiddenUnits = hiddenUnits;
        this.inputColumns = powerOfTwoAtLeast(256 * contextBytes);
        this.hiddenRows = powerOfTwoAtLeast(hiddenUnits);
        this.outputColumns = Math.max(hiddenRows, LOGITS);
        int blocks = 1;
        while (2L * inputColumns * blocks * 2 <= SLOTS && blocks * 2 <= hiddenRows) {
            blocks *= 2;
        }
        this.inputBlocks = blocks;
    }

    /**
     * @throws ParameterException if the shape does not fit the 8192 slots (k from 1 to 32, H from
     *     1 to D)
     */
    public static NeuralLayout of(int contextBytes, int hiddenUnits) {
        if (contextBytes < 1 || contextBytes > 32) {
            throw new ParameterException("an encrypted neural query takes 1 to 32 context bytes, got " + contextBytes);
        }
        int d = powerOfTwoAtLeast(256 * contextBytes);
        if (hiddenUnits < 1 || powerOfTwoAtLeast(hiddenUnits) > d) {
            throw new ParameterException("an encrypted neural model of " + contextBytes + " context bytes takes 1 to " + d
                    + " hidden units, got " + hiddenUnits);
        }
        return new NeuralLayout(contextBytes, hiddenUnits);
    }

    /** The layout of a model's shape. */
    public static NeuralLayout of(NeuralByteModel model) {
        return of(model.contextBytes(), model.hiddenUnits());
    }

    /** The CKKS context every encrypted neural call uses (built once per process and shared). */
    public static CkksContext context() {
        return Contexts.CONTEXT;
    }

    private static final class Contexts {
        static final CkksContext CONTEXT = CkksContext.create(CkksParameters.preset(PRESET));
    }

    public int contextBytes() {
        return contextBytes;
    }

    public int hiddenUnits() {
        return hiddenUnits;
    }

    int inputColumns() {
        return inputColumns;
    }

    int hiddenRows() {
        return hiddenRows;
    }

    int outputColumns() {
        return outputColumns;
    }

    /**
     * How many diagonals of the dense layer one plaintext carries: the query's slots hold the
     * one-hot context in blocks of 2D, block r rotated by r ({@code LinearAlgebra.blockLayout}),
     * so the dense layer takes H'/B plaintext products instead of H' (B = 2 for k = 8).
     */
    int inputBlocks() {
        return inputBlocks;
    }

    /**
     * The query's scale is q<sub>2</sub> times this, and the dense layer's weights' q<sub>3</sub>
     * divided by it: their product, and the hidden layer's scale after the rescale, are unchanged,
     * while the query's fresh noise (which the dense layer sums over all D columns) shrinks
     * against its values and the weights' rounding (which only the k ones pick up) grows less.
     */
    public static final double QUERY_SCALE_BOOST = 0x1p6;

    /** The hidden layer's scale after each rescale: the prime q<sub>2</sub>. */
    public static double inputScale(CkksContext context) {
        return context.parameters().ciphertextPrimes().get(2);
    }

    /** The query's scale: q<sub>2</sub>&middot;{@link #QUERY_SCALE_BOOST}. */
    public static double queryScale(CkksContext context) {
        return inputScale(context) * QUERY_SCALE_BOOST;
    }

    /** The left rotations the node's circuit uses: the client makes Galois keys for exactly these. */
    public List<Integer> rotationSteps() {
        TreeSet<Integer> steps = new TreeSet<>(PreparedMatrix.rotationSteps(hiddenRows, inputColumns, inputBlocks));
        steps.addAll(PreparedMatrix.rotationSteps(LOGITS, outputColumns));
        return List.copyOf(steps);
    }

    /**
     * The one-hot slots of a context: its last k bytes (left-padded with {@link
     * NeuralByteModel#PAD}, as the model reads them), laid out in {@link #inputBlocks()} blocks.
     */
    public double[] querySlots(byte[] context, int slots) {
        double[] oneHot = new double[inputColumns];
        for (int p = 0; p < contextBytes; p++) {
            int i = context.length - contextBytes + p;
            int b = (i >= 0 ? context[i] : NeuralByteModel.PAD) & 0xff;
            oneHot[p * 256 + b] = 1;
        }
        return LinearAlgebra.blockLayout(oneHot, inputBlocks, slots);
    }

    private static int powerOfTwoAtLeast(int v) {
        int p = 1;
        while (p < v) {
            p <<= 1;
        }
        return p;
    }

    @Override
    public String toString() {
        return "NeuralLayout(" + contextBytes + " context bytes, " + hiddenUnits + " hidden units)";
    }
}
