package org.veilgrid.grid.model;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.veilgrid.core.errors.ParameterException;

/**
 * Trains a {@link NeuralByteModel} by mini-batch Adam on next-byte cross-entropy, reproducibly:
 * a seeded {@link SplittableRandom} draws the initial weights and each epoch's shuffle, and a
 * mini-batch is split into fixed contiguous parts, one per thread, whose gradients are summed in
 * a fixed order, so the same corpus, settings and seed give the same weights bit for bit whatever
 * the scheduling (the number of threads is part of the settings: a different count changes the
 * float summation order and so the last bits).
 *
 * <p>The activation is h = 0.5 z + 0.25 z² (c0 = c3 = 0): degree 2, the cheapest non-linear
 * polynomial under CKKS (one ciphertext multiplication, one level); its linear term keeps a
 * gradient of 0.5 at z = 0, where a pure z² has none and trains slowly from a small start. A
 * square grows without bound, so training keeps it tame: pre-activations start with unit
 * variance, the global gradient norm is clipped to {@value #CLIP_NORM}, and the learning rate
 * decays linearly to a tenth over the run.
 *
 * <p>Each example's target mixes the byte that came with a smoothed n-gram's whole next-byte
 * distribution at that position (knowledge distillation, Hinton et al. 2015, with an
 * interpolated Kneser-Ney teacher counted on the same training bytes): the target is
 * (1 &minus; &alpha;)&middot;onehot(byte) + &alpha;&middot;q<sub>KN</sub>(&middot; | context). The teacher
 * predicts each training position with that occurrence left out of its highest-order counts
 * (deleted estimation), so it passes on its back-off smoothing rather than a memorised answer.
 * On a KJV set-up whose held-out part is unlike most of the training text, &alpha; = 0.5 took
 * 0.07 bits/byte off the network's held-out loss (docs/BENCHMARKS.md); &alpha; = 0 is plain
 * cross-entropy on the bytes.
 *
 * <p>The embedding table gets lazy (sparse) Adam: only rows whose byte occurs at that position in
 * the mini-batch are updated, since the others have a zero gradient; this keeps a step's cost
 * proportional to the batch rather than to the table.
 */
public final class NeuralTrainer {
    /** Global gradient-norm bound per step. */
    public static final double CLIP_NORM = 1.0;
    private static final float[] ACTIVATION = {0f, 0.5f, 0.25f, 0f};
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    /**
     * What to train.
     *
     * @param contextBytes k, in [{@value NeuralByteModel#MIN_CONTEXT}, {@value NeuralByteModel#MAX_CONTEXT}]
     * @param hiddenUnits H, in [{@value NeuralByteModel#MIN_HIDDEN}, {@value NeuralByteModel#MAX_HIDDEN}]
     * @param epochs passes over the training bytes, 1..1000
     * @param batch examples per step, 1..65536
     * @param learningRate Adam's initial step size, in (0, 1]
     * @param seed the seed of the initial weights and shuffles
     * @param threads threads per step, 1..64
     * @param distillation &alpha;, the n-gram teacher's share of each target, in [0, 1]
     * @param secondHiddenUnits units of a second hidden layer, or {@value NeuralByteModel#NO_SECOND_LAYER} for none
     */
    public record Settings(int contextBytes, int hiddenUnits, int epochs, int batch, double learningRate, long seed,
            int threads, double distillation, int secondHiddenUnits) {
        /** The default teacher share &alpha;. */
        public static final double DEFAULT_DISTILLATION = 0.5;

        /**
         * k = 8, H = 256, batch 256, learning rate 0.01 (0.002 learned far slower on a KJV slice;
         * 0.03 was better on a slice but worse on the whole KJV's held-out tail), two threads,
         * teacher share {@value #DEFAULT_DISTILLATION}.
         */
        public static Settings defaults(int epochs, long seed) {
            return new Settings(8, 256, epochs, 256, 0.01, seed, 2, DEFAULT_DISTILLATION, NeuralByteModel.NO_SECOND_LAYER);
        }

        /** One hidden layer. */
        public Settings(int contextBytes, int hiddenUnits, int epochs, int batch, double learningRate, long seed,
                int threads, double distillation) {
            this(contextBytes, hiddenUnits, epochs, batch, learningRate, seed, threads, distillation,
                    NeuralByteModel.NO_SECOND_LAYER);
        }

        /** The given settings with the default teacher share. */
        public Settings(int contextBytes, int hiddenUnits, int epochs, int batch, double learningRate, long seed,
                int threads) {
            this(contextBytes, hiddenUnits, epochs, batch, learningRate, seed, threads, DEFAULT_DISTILLATION);
        }

        /** @throws ParameterException naming the first setting out of bounds */
        public Settings {
            NeuralByteModel.checkShape(contextBytes, hiddenUnits, secondHiddenUnits);
            if (epochs < 1 || epochs > 1000) {
                throw new ParameterException("epochs must lie in [1, 1000], got " + epochs);
            }
            if (batch < 1 || batch > 65536) {
                throw new ParameterException("the batch must lie in [1, 65536], got " + batch);
            }
            if (!(learningRate > 0 && learningRate <= 1)) {
                throw new ParameterException("the learning rate must lie in (0, 1], got " + learningRate);
            }
            if (threads < 1 || threads > 64) {
                throw new ParameterException("threads must lie in [1, 64], got " + threads);
            }
            if (!(distillation >= 0 && distillation <= 1)) {
                throw new ParameterException("the distillation share must lie in [0, 1], got " + distillation);
            }
        }
    }

    /** Told of training progress: the mean loss (bits per byte) of the steps since the last report. */
    @FunctionalInterface
    public interface Progress {
        void report(int epoch, long step, long totalSteps, double bitsPerByte);
    }

    private final Settings s;
    private final int k;
    private final int hidden;
    /** Second layer units (0: none) and the units the output layer reads. */
    private final int hidden2;
    private final int last;
    private final float[] embedding;
    private final float[] hiddenBias;
    private final float[] middle;
    private final float[] middleBias;
    private final float[] output;
    private final float[] outputBias;
    private final float[][] moment1;
    private final float[][] moment2;
    private final Worker[] workers;
    /** The n-gram whose distributions are mixed into the targets; null when the share is 0. */
    private NGramEstimator teacher;

    private NeuralTrainer(Settings s) {
        this.s = s;
        this.k = s.contextBytes();
        this.hidden = s.hiddenUnits();
        this.hidden2 = s.secondHiddenUnits();
        this.last = hidden2 == NeuralByteModel.NO_SECOND_LAYER ? hidden : hidden2;
        embedding = new float[k * 256 * hidden];
        hiddenBias = new float[hidden];
        middle = new float[hidden2 * hidden];
        middleBias = new float[hidden2];
        output = new float[256 * last];
        outputBias = new float[256];
        float[][] params = params();
        moment1 = new float[params.length][];
        moment2 = new float[params.length][];
        for (int i = 0; i < params.length; i++) {
            moment1[i] = new float[params[i].length];
            moment2[i] = new float[params[i].length];
        }
        workers = new Worker[s.threads()];
        for (int t = 0; t < workers.length; t++) {
            workers[t] = new Worker();
        }
    }

    private float[][] params() {
        return new float[][] {embedding, hiddenBias, output, outputBias, middle, middleBias};
    }

    /**
     * Trains on {@code text[0, end)}: each byte at i &ge; 1 is an example predicted from the k bytes
     * before it (left-padded with spaces).
     *
     * @throws ParameterException if the settings or the range are unusable, or training diverged
     */
    public static NeuralByteModel train(byte[] text, int end, Settings s, Progress progress) {
        if (end < 2 || end > text.length) {
            throw new ParameterException("training needs at least 2 bytes, got " + end);
        }
        NeuralTrainer t = new NeuralTrainer(s);
        if (s.distillation() > 0) {
            t.teacher = NGramEstimator.train(text, end, NGramEstimator.MAX_ORDER);
        }
        t.initialise(text, end);
        t.run(text, end, progress);
        return new NeuralByteModel(t.k, t.hidden, t.hidden2, ACTIVATION.clone(), t.embedding, t.hiddenBias, t.middle,
                t.middleBias, t.output, t.outputBias);
    }

    /** Unit-variance pre-activations, small output weights, output bias at the training bytes' log frequencies. */
    private void initialise(byte[] text, int end) {
        SplittableRandom r = new SplittableRandom(s.seed());
        double a = Math.sqrt(3.0 / k);
        for (int i = 0; i < embedding.length; i++) {
            embedding[i] = (float) (a * (2 * r.nextDouble() - 1));
        }
        // The activation of a unit-variance input has a standard deviation of about 0.66: the
        // second layer's weights are scaled up by that much so its pre-activations start near unit variance too.
        double m = Math.sqrt(3.0 / hidden) / 0.66;
        for (int i = 0; i < middle.length; i++) {
            middle[i] = (float) (m * (2 * r.nextDouble() - 1));
        }
        double w = Math.sqrt(3.0 / last) * 0.5;
        for (int i = 0; i < output.length; i++) {
            output[i] = (float) (w * (2 * r.nextDouble() - 1));
        }
        long[] count = new long[256];
        for (int i = 0; i < end; i++) {
            count[text[i] & 0xff]++;
        }
        for (int b = 0; b < 256; b++) {
            outputBias[b] = (float) Math.log((count[b] + 1.0) / (end + 256.0));
        }
    }

    private void run(byte[] text, int end, Progress progress) {
        int examples = end - 1;
        int[] order = new int[examples];
        for (int i = 0; i < examples; i++) {
            order[i] = i + 1;
        }
        long stepsPerEpoch = (examples + (long) s.batch() - 1) / s.batch();
        long totalSteps = stepsPerEpoch * s.epochs();
        long reportEvery = Math.max(1, Math.min(200, totalSteps / 20));
        SplittableRandom shuffle = new SplittableRandom(s.seed() ^ 0x5DEECE66DL);
        ExecutorService pool = workers.length > 1 ? Executors.newFixedThreadPool(workers.length - 1, r -> {
            Thread th = new Thread(r, "neural-train");
            th.setDaemon(true);
            return th;
        }) : null;
        try {
            long step = 0;
            double lossSum = 0;
            long lossCount = 0;
            for (int epoch = 1; epoch <= s.epochs(); epoch++) {
                for (int i = examples - 1; i > 0; i--) {
                    int j = shuffle.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
                for (int from = 0; from < examples; from += s.batch()) {
                    int to = Math.min(examples, from + s.batch());
                    lossSum += step(text, order, from, to, pool, 1.0 - 0.9 * step / (double) totalSteps, step + 1);
                    lossCount += to - from;
                    step++;
                    if (progress != null && (step % reportEvery == 0 || step == totalSteps)) {
                        progress.report(epoch, step, totalSteps, lossSum / lossCount / Math.log(2));
                        lossSum = 0;
                        lossCount = 0;
                    }
                }
            }
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    /** One Adam step on examples order[from, to); returns their summed loss (nats). */
    private double step(byte[] text, int[] order, int from, int to, ExecutorService pool, double decay, long t) {
        int parts = Math.min(workers.length, to - from);
        List<Future<?>> pending = new ArrayList<>();
        for (int w = 1; w < parts; w++) {
            int lo = from + (to - from) * w / parts;
            int hi = from + (to - from) * (w + 1) / parts;
            Worker worker = workers[w];
            pending.add(pool.submit(() -> worker.accumulate(text, order, lo, hi)));
        }
        workers[0].accumulate(text, order, from, from + (to - from) / parts);
        for (Future<?> f : pending) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while training", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("a training thread failed", e.getCause());
            }
        }
        // Sum the parts into worker 0's buffers, in worker order.
        Worker sum = workers[0];
        double loss = sum.loss;
        for (int w = 1; w < parts; w++) {
            Worker o = workers[w];
            loss += o.loss;
            for (int row = 0; row < k * 256; row++) {
                if (o.touched[row]) {
                    int base = row * hidden;
                    if (!sum.touched[row]) {
                        sum.touched[row] = true;
                        System.arraycopy(o.gradEmbedding, base, sum.gradEmbedding, base, hidden);
                    } else {
                        for (int j = 0; j < hidden; j++) {
                            sum.gradEmbedding[base + j] += o.gradEmbedding[base + j];
                        }
                    }
                }
            }
            add(sum.gradHiddenBias, o.gradHiddenBias);
            add(sum.gradOutput, o.gradOutput);
            add(sum.gradOutputBias, o.gradOutputBias);
            add(sum.gradMiddle, o.gradMiddle);
            add(sum.gradMiddleBias, o.gradMiddleBias);
        }
        double scale = 1.0 / (to - from);
        double norm2 = 0;
        for (int row = 0; row < k * 256; row++) {
            if (sum.touched[row]) {
                norm2 += squares(sum.gradEmbedding, row * hidden, hidden);
            }
        }
        norm2 += squares(sum.gradHiddenBias, 0, hidden) + squares(sum.gradOutput, 0, output.length)
                + squares(sum.gradOutputBias, 0, 256) + squares(sum.gradMiddle, 0, middle.length)
                + squares(sum.gradMiddleBias, 0, hidden2);
        double norm = Math.sqrt(norm2) * scale;
        if (!Double.isFinite(norm)) {
            throw new ParameterException("training diverged (a gradient is not finite); try a lower learning rate");
        }
        float g = (float) (scale * (norm > CLIP_NORM ? CLIP_NORM / norm : 1));
        float lr = (float) (s.learningRate() * decay * Math.sqrt(1 - Math.pow(BETA2, t)) / (1 - Math.pow(BETA1, t)));
        for (int row = 0; row < k * 256; row++) {
            if (sum.touched[row]) {
                adam(0, embedding, sum.gradEmbedding, row * hidden, hidden, g, lr);
            }
        }
        adam(1, hiddenBias, sum.gradHiddenBias, 0, hidden, g, lr);
        adam(2, output, sum.gradOutput, 0, output.length, g, lr);
        adam(3, outputBias, sum.gradOutputBias, 0, 256, g, lr);
        adam(4, middle, sum.gradMiddle, 0, middle.length, g, lr);
        adam(5, middleBias, sum.gradMiddleBias, 0, hidden2, g, lr);
        for (Worker w : workers) {
            w.clear();
        }
        return loss;
    }

    private static void add(float[] into, float[] from) {
        for (int i = 0; i < into.length; i++) {
            into[i] += from[i];
        }
    }

    private static double squares(float[] a, int from, int n) {
        double s = 0;
        for (int i = from; i < from + n; i++) {
            s += (double) a[i] * a[i];
        }
        return s;
    }

    private void adam(int tensor, float[] p, float[] grad, int from, int n, float g, float lr) {
        float[] m = moment1[tensor];
        float[] v = moment2[tensor];
        float b1 = (float) BETA1;
        float b2 = (float) BETA2;
        float eps = (float) EPSILON;
        for (int i = from; i < from + n; i++) {
            float gi = grad[i] * g;
            m[i] = b1 * m[i] + (1 - b1) * gi;
            v[i] = b2 * v[i] + (1 - b2) * gi * gi;
            p[i] -= lr * m[i] / ((float) Math.sqrt(v[i]) + eps);
        }
    }

    /** One thread's buffers: its part of a mini-batch's gradient (sums, not yet averaged). */
    private final class Worker {
        final float[] gradEmbedding = new float[k * 256 * hidden];
        final boolean[] touched = new boolean[k * 256];
        final float[] gradHiddenBias = new float[hidden];
        final float[] gradOutput = new float[256 * last];
        final float[] gradOutputBias = new float[256];
        final float[] gradMiddle = new float[hidden2 * hidden];
        final float[] gradMiddleBias = new float[hidden2];
        final float[] z = new float[hidden];
        final float[] h = new float[hidden];
        final float[] dh = new float[hidden];
        final float[] z2 = new float[hidden2];
        final float[] h2 = new float[hidden2];
        final float[] dh2 = new float[hidden2];
        final float[] logits = new float[256];
        final int[] window = new int[k];
        /** This example's target distribution. */
        final double[] soft = new double[256];
        final double alpha = s.distillation();
        double loss;

        void accumulate(byte[] text, int[] order, int from, int to) {
            float c1 = ACTIVATION[1];
            float c2 = ACTIVATION[2];
            float c3 = ACTIVATION[3];
            for (int e = from; e < to; e++) {
                int i = order[e];
                for (int p = 0; p < k; p++) {
                    int at = i - k + p;
                    window[p] = (at >= 0 ? text[at] : NeuralByteModel.PAD) & 0xff;
                }
                NeuralByteModel.preActivation(embedding, hiddenBias, hidden, window, z);
                NeuralByteModel.activate(ACTIVATION, z, h);
                float[] top = h;
                float[] dtop = dh;
                if (hidden2 != NeuralByteModel.NO_SECOND_LAYER) {
                    NeuralByteModel.denseLayer(middle, middleBias, hidden2, hidden, h, z2);
                    NeuralByteModel.activate(ACTIVATION, z2, h2);
                    top = h2;
                    dtop = dh2;
                }
                NeuralByteModel.outputLayer(output, outputBias, last, top, logits);
                int target = text[i] & 0xff;
                float max = logits[0];
                for (float v : logits) {
                    max = Math.max(max, v);
                }
                float total = 0;
                for (int o = 0; o < 256; o++) {
                    logits[o] = (float) Math.exp(logits[o] - max);
                    total += logits[o];
                }
                loss -= Math.log(logits[target] / total);
                java.util.Arrays.fill(dh, 0f);
                java.util.Arrays.fill(dh2, 0f);
                float inv = 1 / total;
                if (teacher != null) {
                    teacher.distribution(text, i, true, soft);
                    for (int o = 0; o < 256; o++) {
                        soft[o] *= alpha;
                    }
                    soft[target] += 1 - alpha;
                } else {
                    java.util.Arrays.fill(soft, 0);
                    soft[target] = 1;
                }
                for (int o = 0; o < 256; o++) {
                    float d = logits[o] * inv - (float) soft[o];
                    gradOutputBias[o] += d;
                    int row = o * last;
                    for (int j = 0; j < last; j++) {
                        gradOutput[row + j] += d * top[j];
                        dtop[j] += d * output[row + j];
                    }
                }
                if (hidden2 != NeuralByteModel.NO_SECOND_LAYER) {
                    for (int m = 0; m < hidden2; m++) {
                        float x = z2[m];
                        float dz = dh2[m] * (c1 + x * (2 * c2 + 3 * c3 * x));
                        gradMiddleBias[m] += dz;
                        int row = m * hidden;
                        for (int j = 0; j < hidden; j++) {
                            gradMiddle[row + j] += dz * h[j];
                            dh[j] += dz * middle[row + j];
                        }
                    }
                }
                for (int j = 0; j < hidden; j++) {
                    float x = z[j];
                    dh[j] *= c1 + x * (2 * c2 + 3 * c3 * x);
                    gradHiddenBias[j] += dh[j];
                }
                for (int p = 0; p < k; p++) {
                    int r = p * 256 + window[p];
                    touched[r] = true;
                    int base = r * hidden;
                    for (int j = 0; j < hidden; j++) {
                        gradEmbedding[base + j] += dh[j];
                    }
                }
            }
        }

        void clear() {
            for (int row = 0; row < touched.length; row++) {
                if (touched[row]) {
                    java.util.Arrays.fill(gradEmbedding, row * hidden, (row + 1) * hidden, 0f);
                    touched[row] = false;
                }
            }
            java.util.Arrays.fill(gradHiddenBias, 0f);
            java.util.Arrays.fill(gradOutput, 0f);
            java.util.Arrays.fill(gradOutputBias, 0f);
            java.util.Arrays.fill(gradMiddle, 0f);
            java.util.Arrays.fill(gradMiddleBias, 0f);
            loss = 0;
        }
    }

    @Override
    public String toString() {
        return "NeuralTrainer(" + s + ")";
    }
}
