package org.veilgrid.grid.model;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;

/**
 * A byte-level neural language model shaped to be evaluated later under CKKS on an encrypted
 * one-hot context: the last k bytes, each one-hot over 256, feed one dense layer (so the hidden
 * pre-activation is the sum of k rows of an embedding table plus a bias: z = b1 + &Sigma;<sub>p</sub>
 * E[p][byte<sub>p</sub>]), a polynomial activation of degree at most 3 (no comparisons, no
 * exponentials: what a homomorphic scheme evaluates cheaply), optionally a second dense layer
 * with the same activation (h' = act(M&middot;h + b<sub>M</sub>)), then 256 logits
 * W2&middot;h + b2 from the last hidden layer. With the square activation one hidden layer makes
 * the logits quadratic in the one-hot context (pairs of positions); a second makes them of degree
 * 4, which models text markedly better at the same width (docs/BENCHMARKS.md). Softmax turns logits into next-byte probabilities for training and
 * evaluation; a completion only needs the argmax.
 *
 * <p>Weights are float32, as they are stored. Contexts shorter than k are left-padded with
 * spaces, the commonest byte of text. Immutable once built: {@link NeuralTrainer} builds one from
 * the arrays it trained, {@link #fromBytes} from a weights file. {@link #toString} names the
 * shape only, never weights.
 */
public final class NeuralByteModel {
    /** The fewest context bytes: the HE design fixes k &ge; 8. */
    public static final int MIN_CONTEXT = 8;
    public static final int MAX_CONTEXT = 16;
    /** The fewest hidden units a file may hold (tests train tiny ones; the HE design uses 256 or more). */
    public static final int MIN_HIDDEN = 8;
    public static final int MAX_HIDDEN = 1024;
    /** Second hidden layer units when there is none. */
    public static final int NO_SECOND_LAYER = 0;
    /** Coefficients c0..c3 of the activation polynomial, stored whatever its degree. */
    public static final int ACTIVATION_COEFFICIENTS = 4;
    /** Byte that pads a context shorter than k on the left. */
    public static final byte PAD = ' ';
    private static final byte[] MAGIC = {'V', 'G', 'N', 'N'};
    /** Version 1: one hidden layer; version 2 adds a second hidden layer's size to the header. */
    private static final int VERSION_ONE_LAYER = 1;
    private static final int VERSION_TWO_LAYERS = 2;
    private static final int HEADER_BYTES = 4 + 1 + 1 + 2;
    /** The largest weights file: the header and float32 tensors at the largest shape (about 21 MiB). */
    public static final long MAX_ENCODED_BYTES = encodedBytes(MAX_CONTEXT, MAX_HIDDEN, MAX_HIDDEN);

    private final int context;
    private final int hidden;
    /** Units of the second hidden layer, or {@link #NO_SECOND_LAYER}. */
    private final int hidden2;
    private final float[] activation;
    /** E[p][b][j] flattened: ((p * 256) + b) * hidden + j. */
    private final float[] embedding;
    private final float[] hiddenBias;
    /** M[m][j] flattened: m * hidden + j (empty without a second layer). */
    private final float[] middle;
    private final float[] middleBias;
    /** W2[o][j] flattened: o * (units of the last hidden layer) + j. */
    private final float[] output;
    private final float[] outputBias;

    /**
     * Wraps trained weights (not copied: the trainer hands over arrays it no longer writes).
     *
     * @throws ParameterException if a dimension is out of bounds, an array has the wrong length,
     *     or a value is not finite
     */
    NeuralByteModel(int context, int hidden, float[] activation, float[] embedding, float[] hiddenBias,
            float[] output, float[] outputBias) {
        this(context, hidden, NO_SECOND_LAYER, activation, embedding, hiddenBias, new float[0], new float[0], output,
                outputBias);
    }

    /** As above, with a second hidden layer of {@code hidden2} units (M and b<sub>M</sub>), or none. */
    NeuralByteModel(int context, int hidden, int hidden2, float[] activation, float[] embedding, float[] hiddenBias,
            float[] middle, float[] middleBias, float[] output, float[] outputBias) {
        checkShape(context, hidden, hidden2);
        int last = hidden2 == NO_SECOND_LAYER ? hidden : hidden2;
        if (activation.length != ACTIVATION_COEFFICIENTS || embedding.length != context * 256 * hidden
                || hiddenBias.length != hidden || middle.length != hidden2 * hidden || middleBias.length != hidden2
                || output.length != 256 * last || outputBias.length != 256) {
            throw new ParameterException("weight arrays do not match a " + shape(context, hidden, hidden2) + " model");
        }
        for (float[] a : new float[][] {activation, embedding, hiddenBias, middle, middleBias, output, outputBias}) {
            for (float v : a) {
                if (!Float.isFinite(v)) {
                    throw new ParameterException("a weight is not finite (training diverged)");
                }
            }
        }
        this.context = context;
        this.hidden = hidden;
        this.hidden2 = hidden2;
        this.activation = activation;
        this.embedding = embedding;
        this.hiddenBias = hiddenBias;
        this.middle = middle;
        this.middleBias = middleBias;
        this.output = output;
        this.outputBias = outputBias;
    }

    private static String shape(int context, int hidden, int hidden2) {
        return context + "-byte, " + hidden + (hidden2 == NO_SECOND_LAYER ? "" : "+" + hidden2) + "-unit";
    }

    static void checkShape(int context, int hidden, int hidden2) {
        checkShape(context, hidden);
        if (hidden2 != NO_SECOND_LAYER && (hidden2 < MIN_HIDDEN || hidden2 > MAX_HIDDEN)) {
            throw new ParameterException("second-layer units must be 0 (none) or lie in [" + MIN_HIDDEN + ", " + MAX_HIDDEN
                    + "], got " + hidden2);
        }
    }

    static void checkShape(int context, int hidden) {
        if (context < MIN_CONTEXT || context > MAX_CONTEXT) {
            throw new ParameterException("context length must lie in [" + MIN_CONTEXT + ", " + MAX_CONTEXT + "], got " + context);
        }
        if (hidden < MIN_HIDDEN || hidden > MAX_HIDDEN) {
            throw new ParameterException("hidden units must lie in [" + MIN_HIDDEN + ", " + MAX_HIDDEN + "], got " + hidden);
        }
    }

    static long encodedBytes(int context, int hidden, int hidden2) {
        int last = hidden2 == NO_SECOND_LAYER ? hidden : hidden2;
        return HEADER_BYTES + (hidden2 == NO_SECOND_LAYER ? 0 : 2) + 4L * (ACTIVATION_COEFFICIENTS
                + (long) context * 256 * hidden + hidden + (long) hidden2 * hidden + hidden2 + 256L * last + 256);
    }

    public int contextBytes() {
        return context;
    }

    public int hiddenUnits() {
        return hidden;
    }

    /** Units of the second hidden layer, or {@value #NO_SECOND_LAYER} for a one-layer model. */
    public int secondHiddenUnits() {
        return hidden2;
    }

    /** Units of the layer the logits read. */
    public int lastHiddenUnits() {
        return hidden2 == NO_SECOND_LAYER ? hidden : hidden2;
    }

    /** The second dense layer as H2 rows of H weights, a copy; empty for a one-layer model. */
    public float[][] middleWeights() {
        float[][] w = new float[hidden2][hidden];
        for (int m = 0; m < hidden2; m++) {
            System.arraycopy(middle, m * hidden, w[m], 0, hidden);
        }
        return w;
    }

    /** The second dense layer's bias (H2 values), a copy. */
    public float[] middleBias() {
        return middleBias.clone();
    }

    /** The activation polynomial's coefficients c0..c3 (h = c0 + c1 z + c2 z² + c3 z³), a copy. */
    public float[] activationCoefficients() {
        return activation.clone();
    }

    /**
     * The dense layer as H rows of 256&middot;k weights, column p&middot;256 + b for context
     * position p (0 = the oldest byte) holding byte b: what an encrypted evaluation multiplies
     * the one-hot context by. A copy; the node's weights, never to leave it.
     */
    public float[][] hiddenWeights() {
        float[][] w = new float[hidden][context * 256];
        for (int col = 0; col < context * 256; col++) {
            for (int j = 0; j < hidden; j++) {
                w[j][col] = embedding[col * hidden + j];
            }
        }
        return w;
    }

    /** The dense layer's bias (H values), a copy. */
    public float[] hiddenBias() {
        return hiddenBias.clone();
    }

    /** The output layer as 256 rows of (last hidden layer's units) weights, a copy. */
    public float[][] outputWeights() {
        int last = lastHiddenUnits();
        float[][] w = new float[256][last];
        for (int o = 0; o < 256; o++) {
            System.arraycopy(output, o * last, w[o], 0, last);
        }
        return w;
    }

    /** The output layer's bias (256 values), a copy. */
    public float[] outputBias() {
        return outputBias.clone();
    }

    /** The last k bytes of {@code text} before {@code end}, left-padded with {@link #PAD}, as unsigned values. */
    int[] window(byte[] text, int end) {
        int[] w = new int[context];
        for (int p = 0; p < context; p++) {
            int i = end - context + p;
            w[p] = (i >= 0 ? text[i] : PAD) & 0xff;
        }
        return w;
    }

    /** The 256 next-byte logits after {@code context} (its last k bytes). */
    public float[] logits(byte[] context) {
        float[] out = new float[256];
        forward(window(context, context.length), new Buffers(hidden, hidden2), out);
        return out;
    }

    /** A forward pass's work vectors: pre-activations and activations of each hidden layer. */
    static final class Buffers {
        final float[] z;
        final float[] h;
        final float[] z2;
        final float[] h2;

        Buffers(int hidden, int hidden2) {
            z = new float[hidden];
            h = new float[hidden];
            z2 = new float[hidden2];
            h2 = new float[hidden2];
        }
    }

    /** Forward pass into caller-owned buffers and logits. */
    void forward(int[] window, Buffers b, float[] logits) {
        preActivation(embedding, hiddenBias, hidden, window, b.z);
        activate(activation, b.z, b.h);
        if (hidden2 == NO_SECOND_LAYER) {
            outputLayer(output, outputBias, hidden, b.h, logits);
        } else {
            denseLayer(middle, middleBias, hidden2, hidden, b.h, b.z2);
            activate(activation, b.z2, b.h2);
            outputLayer(output, outputBias, hidden2, b.h2, logits);
        }
    }

    /** out[m] = bias[m] + &Sigma;<sub>j</sub> w[m][j]&middot;in[j] for m &lt; rows, j &lt; columns. */
    static void denseLayer(float[] w, float[] bias, int rows, int columns, float[] in, float[] out) {
        for (int m = 0; m < rows; m++) {
            int row = m * columns;
            float s0 = 0;
            float s1 = 0;
            int j = 0;
            for (; j + 1 < columns; j += 2) {
                s0 += w[row + j] * in[j];
                s1 += w[row + j + 1] * in[j + 1];
            }
            for (; j < columns; j++) {
                s0 += w[row + j] * in[j];
            }
            out[m] = bias[m] + s0 + s1;
        }
    }

    static void preActivation(float[] embedding, float[] hiddenBias, int hidden, int[] window, float[] z) {
        System.arraycopy(hiddenBias, 0, z, 0, hidden);
        for (int p = 0; p < window.length; p++) {
            int row = (p * 256 + window[p]) * hidden;
            for (int j = 0; j < hidden; j++) {
                z[j] += embedding[row + j];
            }
        }
    }

    static void activate(float[] c, float[] z, float[] h) {
        float c0 = c[0];
        float c1 = c[1];
        float c2 = c[2];
        float c3 = c[3];
        for (int j = 0; j < z.length; j++) {
            float x = z[j];
            h[j] = c0 + x * (c1 + x * (c2 + x * c3));
        }
    }

    static void outputLayer(float[] output, float[] outputBias, int hidden, float[] h, float[] logits) {
        for (int o = 0; o < 256; o++) {
            int row = o * hidden;
            float s0 = 0;
            float s1 = 0;
            float s2 = 0;
            float s3 = 0;
            int j = 0;
            for (; j + 3 < hidden; j += 4) {
                s0 += output[row + j] * h[j];
                s1 += output[row + j + 1] * h[j + 1];
                s2 += output[row + j + 2] * h[j + 2];
                s3 += output[row + j + 3] * h[j + 3];
            }
            for (; j < hidden; j++) {
                s0 += output[row + j] * h[j];
            }
            logits[o] = outputBias[o] + (s0 + s1) + (s2 + s3);
        }
    }

    /** The byte most likely to follow {@code context} (ties to the smaller byte). */
    public int next(byte[] context) {
        return argmax(logits(context));
    }

    static int argmax(float[] logits) {
        int arg = 0;
        for (int b = 1; b < logits.length; b++) {
            if (logits[b] > logits[arg]) {
                arg = b;
            }
        }
        return arg;
    }

    /** The greedy continuation of {@code context}: {@code bytes} bytes, each the argmax after the ones before. */
    public byte[] complete(byte[] context, int bytes) {
        if (bytes < 0 || bytes > 4096) {
            throw new ParameterException("a completion has 0 to 4096 bytes, got " + bytes);
        }
        byte[] text = Arrays.copyOf(context, context.length + bytes);
        for (int i = context.length; i < text.length; i++) {
            text[i] = (byte) next(Arrays.copyOfRange(text, Math.max(0, i - this.context), i));
        }
        return Arrays.copyOfRange(text, context.length, text.length);
    }

    /** {@link NGramModel#COMPLETION_BYTES} bytes of greedy continuation, as a node serves them. */
    public byte[] complete(byte[] context) {
        return complete(context, NGramModel.COMPLETION_BYTES);
    }

    /** Natural log of the softmax probability of {@code target} given {@code logits}. */
    static double logProbability(float[] logits, int target) {
        float max = logits[0];
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (float v : logits) {
            sum += Math.exp(v - max);
        }
        return logits[target] - max - Math.log(sum);
    }

    /**
     * Mean bits per byte of {@code text[from, to)}, each byte predicted from the k bytes before it
     * (which may lie before {@code from}), on up to {@code threads} threads (the sum is taken in a
     * fixed order, so the result does not depend on them).
     */
    public double bitsPerByte(byte[] text, int from, int to, int threads) {
        if (from < 0 || to > text.length || from >= to) {
            throw new ParameterException("an evaluation range must be non-empty and inside the text");
        }
        int parts = Math.max(1, Math.min(threads, to - from));
        double[] sums = new double[parts];
        Thread[] workers = new Thread[parts];
        for (int t = 0; t < parts; t++) {
            int lo = from + (int) ((long) (to - from) * t / parts);
            int hi = from + (int) ((long) (to - from) * (t + 1) / parts);
            int slot = t;
            workers[t] = new Thread(() -> {
                Buffers buffers = new Buffers(hidden, hidden2);
                float[] logits = new float[256];
                double s = 0;
                for (int i = lo; i < hi; i++) {
                    forward(window(text, i), buffers, logits);
                    s -= logProbability(logits, text[i] & 0xff);
                }
                sums[slot] = s;
            }, "neural-eval-" + t);
            workers[t].start();
        }
        double total = 0;
        for (int t = 0; t < parts; t++) {
            try {
                workers[t].join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while evaluating", e);
            }
            total += sums[t];
        }
        return total / (to - from) / Math.log(2);
    }

    // ------------------------------------------------------------------ weights file

    /**
     * "VGNN", version (u8), context length k (u8), hidden units H (u16), in version 2 the second
     * layer's units H2 (u16), then big-endian float32 tensors in this order: the activation's 4
     * coefficients c0..c3, E[k][256][H], b1[H], in version 2 M[H2][H] and b<sub>M</sub>[H2], then
     * W2[256][H or H2], b2[256]. A one-layer model is written as version 1. The length is exact
     * for the shape; every value must be finite.
     */
    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate((int) encodedBytes(context, hidden, hidden2));
        boolean two = hidden2 != NO_SECOND_LAYER;
        b.put(MAGIC).put((byte) (two ? VERSION_TWO_LAYERS : VERSION_ONE_LAYER)).put((byte) context).putShort((short) hidden);
        if (two) {
            b.putShort((short) hidden2);
        }
        for (float[] a : new float[][] {activation, embedding, hiddenBias, middle, middleBias, output, outputBias}) {
            for (float v : a) {
                b.putFloat(v);
            }
        }
        return b.array();
    }

    /**
     * Reads a weights file, refusing one over {@link #MAX_ENCODED_BYTES} before reading it.
     *
     * @throws ParameterException if the file is missing or unreadable
     * @throws MalformedInputException if it is too large or not a valid weights file
     */
    public static NeuralByteModel read(java.nio.file.Path file) {
        return fromBytes(file.toString(), org.veilgrid.core.io.LocalFiles.readBounded(file, MAX_ENCODED_BYTES));
    }

    /** @throws MalformedInputException for a bad header, a shape out of bounds, a wrong length or a value that is not finite */
    public static NeuralByteModel fromBytes(String where, byte[] bytes) {
        if (bytes.length > MAX_ENCODED_BYTES) {
            throw new MalformedInputException(where, bytes.length + " bytes; a weights file is at most " + MAX_ENCODED_BYTES);
        }
        if (bytes.length < HEADER_BYTES || !Arrays.equals(Arrays.copyOf(bytes, 4), MAGIC)) {
            throw new MalformedInputException(where, "not a Veilgrid neural byte model (bad magic)");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        b.position(4);
        int version = b.get() & 0xff;
        if (version != VERSION_ONE_LAYER && version != VERSION_TWO_LAYERS) {
            throw new MalformedInputException(where, "weights version " + version + " is not supported (expected "
                    + VERSION_ONE_LAYER + " or " + VERSION_TWO_LAYERS + ")");
        }
        int context = b.get() & 0xff;
        int hidden = b.getShort() & 0xffff;
        int hidden2 = NO_SECOND_LAYER;
        if (version == VERSION_TWO_LAYERS) {
            if (bytes.length < HEADER_BYTES + 2) {
                throw new MalformedInputException(where, "the version 2 header is cut short");
            }
            hidden2 = b.getShort() & 0xffff;
            if (hidden2 < MIN_HIDDEN || hidden2 > MAX_HIDDEN) {
                throw new MalformedInputException(where, "second-layer units " + hidden2 + " lie outside [" + MIN_HIDDEN + ", "
                        + MAX_HIDDEN + "]");
            }
        }
        if (context < MIN_CONTEXT || context > MAX_CONTEXT) {
            throw new MalformedInputException(where, "context length " + context + " lies outside [" + MIN_CONTEXT + ", " + MAX_CONTEXT + "]");
        }
        if (hidden < MIN_HIDDEN || hidden > MAX_HIDDEN) {
            throw new MalformedInputException(where, "hidden units " + hidden + " lie outside [" + MIN_HIDDEN + ", " + MAX_HIDDEN + "]");
        }
        long expected = encodedBytes(context, hidden, hidden2);
        if (bytes.length != expected) {
            throw new MalformedInputException(where, bytes.length + " bytes; a " + shape(context, hidden, hidden2)
                    + " model has exactly " + expected);
        }
        int last = hidden2 == NO_SECOND_LAYER ? hidden : hidden2;
        String[] names = {"activation", "embedding", "hidden bias", "second layer", "second layer bias", "output",
            "output bias"};
        int[] lengths = {ACTIVATION_COEFFICIENTS, context * 256 * hidden, hidden, hidden2 * hidden, hidden2, 256 * last, 256};
        float[][] tensors = new float[names.length][];
        for (int t = 0; t < names.length; t++) {
            float[] a = new float[lengths[t]];
            for (int i = 0; i < a.length; i++) {
                a[i] = b.getFloat();
                if (!Float.isFinite(a[i])) {
                    throw new MalformedInputException(where, names[t] + " value " + i + " is not finite");
                }
            }
            tensors[t] = a;
        }
        return new NeuralByteModel(context, hidden, hidden2, tensors[0], tensors[1], tensors[2], tensors[3], tensors[4],
                tensors[5], tensors[6]);
    }

    @Override
    public String toString() {
        return "NeuralByteModel(" + context + " context bytes, " + hidden + " hidden units"
                + (hidden2 == NO_SECOND_LAYER ? "" : ", then " + hidden2) + ")";
    }
}
