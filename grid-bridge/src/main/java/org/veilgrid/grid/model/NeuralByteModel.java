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
 * exponentials: what a homomorphic scheme evaluates cheaply), then 256 logits
 * W2&middot;h + b2. Softmax turns logits into next-byte probabilities for training and
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
    /** Coefficients c0..c3 of the activation polynomial, stored whatever its degree. */
    public static final int ACTIVATION_COEFFICIENTS = 4;
    /** Byte that pads a context shorter than k on the left. */
    public static final byte PAD = ' ';
    private static final byte[] MAGIC = {'V', 'G', 'N', 'N'};
    private static final int VERSION = 1;
    private static final int HEADER_BYTES = 4 + 1 + 1 + 2;
    /** The largest weights file: the header and float32 tensors at the largest shape (about 17 MiB). */
    public static final long MAX_ENCODED_BYTES = encodedBytes(MAX_CONTEXT, MAX_HIDDEN);

    private final int context;
    private final int hidden;
    private final float[] activation;
    /** E[p][b][j] flattened: ((p * 256) + b) * hidden + j. */
    private final float[] embedding;
    private final float[] hiddenBias;
    /** W2[o][j] flattened: o * hidden + j. */
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
        checkShape(context, hidden);
        if (activation.length != ACTIVATION_COEFFICIENTS || embedding.length != context * 256 * hidden
                || hiddenBias.length != hidden || output.length != 256 * hidden || outputBias.length != 256) {
            throw new ParameterException("weight arrays do not match a " + context + "-byte, " + hidden + "-unit model");
        }
        for (float[] a : new float[][] {activation, embedding, hiddenBias, output, outputBias}) {
            for (float v : a) {
                if (!Float.isFinite(v)) {
                    throw new ParameterException("a weight is not finite (training diverged)");
                }
            }
        }
        this.context = context;
        this.hidden = hidden;
        this.activation = activation;
        this.embedding = embedding;
        this.hiddenBias = hiddenBias;
        this.output = output;
        this.outputBias = outputBias;
    }

    static void checkShape(int context, int hidden) {
        if (context < MIN_CONTEXT || context > MAX_CONTEXT) {
            throw new ParameterException("context length must lie in [" + MIN_CONTEXT + ", " + MAX_CONTEXT + "], got " + context);
        }
        if (hidden < MIN_HIDDEN || hidden > MAX_HIDDEN) {
            throw new ParameterException("hidden units must lie in [" + MIN_HIDDEN + ", " + MAX_HIDDEN + "], got " + hidden);
        }
    }

    static long encodedBytes(int context, int hidden) {
        return HEADER_BYTES + 4L * (ACTIVATION_COEFFICIENTS + (long) context * 256 * hidden + hidden + 256L * hidden + 256);
    }

    public int contextBytes() {
        return context;
    }

    public int hiddenUnits() {
        return hidden;
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

    /** The output layer as 256 rows of H weights, a copy. */
    public float[][] outputWeights() {
        float[][] w = new float[256][hidden];
        for (int o = 0; o < 256; o++) {
            System.arraycopy(output, o * hidden, w[o], 0, hidden);
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
        float[] z = new float[hidden];
        float[] h = new float[hidden];
        float[] out = new float[256];
        forward(window(context, context.length), z, h, out);
        return out;
    }

    /** Forward pass into caller-owned buffers: pre-activation z, activation h, logits. */
    void forward(int[] window, float[] z, float[] h, float[] logits) {
        preActivation(embedding, hiddenBias, hidden, window, z);
        activate(activation, z, h);
        outputLayer(output, outputBias, hidden, h, logits);
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
                float[] z = new float[hidden];
                float[] h = new float[hidden];
                float[] logits = new float[256];
                double s = 0;
                for (int i = lo; i < hi; i++) {
                    forward(window(text, i), z, h, logits);
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
     * "VGNN", version (u8), context length k (u8), hidden units H (u16), then big-endian float32
     * tensors in this order: the activation's 4 coefficients c0..c3, E[k][256][H], b1[H],
     * W2[256][H], b2[256]. The length is exact for the shape; every value must be finite.
     */
    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate((int) encodedBytes(context, hidden));
        b.put(MAGIC).put((byte) VERSION).put((byte) context).putShort((short) hidden);
        for (float[] a : new float[][] {activation, embedding, hiddenBias, output, outputBias}) {
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
        if (version != VERSION) {
            throw new MalformedInputException(where, "weights version " + version + " is not supported (expected " + VERSION + ")");
        }
        int context = b.get() & 0xff;
        int hidden = b.getShort() & 0xffff;
        if (context < MIN_CONTEXT || context > MAX_CONTEXT) {
            throw new MalformedInputException(where, "context length " + context + " lies outside [" + MIN_CONTEXT + ", " + MAX_CONTEXT + "]");
        }
        if (hidden < MIN_HIDDEN || hidden > MAX_HIDDEN) {
            throw new MalformedInputException(where, "hidden units " + hidden + " lie outside [" + MIN_HIDDEN + ", " + MAX_HIDDEN + "]");
        }
        long expected = encodedBytes(context, hidden);
        if (bytes.length != expected) {
            throw new MalformedInputException(where, bytes.length + " bytes; a " + context + "-byte, " + hidden
                    + "-unit model has exactly " + expected);
        }
        String[] names = {"activation", "embedding", "hidden bias", "output", "output bias"};
        int[] lengths = {ACTIVATION_COEFFICIENTS, context * 256 * hidden, hidden, 256 * hidden, 256};
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
        return new NeuralByteModel(context, hidden, tensors[0], tensors[1], tensors[2], tensors[3], tensors[4]);
    }

    @Override
    public String toString() {
        return "NeuralByteModel(" + context + " context bytes, " + hidden + " hidden units)";
    }
}
