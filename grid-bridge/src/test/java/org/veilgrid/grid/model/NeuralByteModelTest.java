package org.veilgrid.grid.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;

class NeuralByteModelTest {
    /** Tiny settings: k = 8, 32 hidden units, so a run on the shipped corpus takes well under a second. */
    private static NeuralTrainer.Settings tiny(int epochs, long seed) {
        return new NeuralTrainer.Settings(8, 32, epochs, 32, 0.01, seed, 2);
    }

    private static NeuralByteModel trained(long seed) {
        byte[] c = NGramModel.shippedCorpus();
        return NeuralTrainer.train(c, c.length, tiny(3, seed), null);
    }

    /**
     * 24 000 bytes of new text in the shipped corpus's words: a seeded walk on its word bigrams,
     * so held-out bytes are unseen sentences made of learnable spellings.
     */
    static byte[] wordWalk(int bytes) {
        String[] words = new String(NGramModel.shippedCorpus(), StandardCharsets.US_ASCII).split("\\s+");
        java.util.Map<String, List<String>> next = new java.util.HashMap<>();
        for (int i = 0; i + 1 < words.length; i++) {
            next.computeIfAbsent(words[i], w -> new ArrayList<>()).add(words[i + 1]);
        }
        SplittableRandom r = new SplittableRandom(1);
        StringBuilder out = new StringBuilder();
        String w = words[0];
        while (out.length() < bytes) {
            out.append(w).append(' ');
            List<String> after = next.get(w);
            w = after == null ? words[r.nextInt(words.length)] : after.get(r.nextInt(after.size()));
        }
        return out.substring(0, bytes).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void theLossFallsAndTheNetworkBeatsAUnigramOnHeldOutText() {
        List<Double> losses = new ArrayList<>();
        NeuralTrainingRun run = NeuralTrainingRun.of(wordWalk(24_000), tiny(2, 7),
                (epoch, step, total, bits) -> losses.add(bits));
        assertTrue(losses.size() >= 10, "progress is reported along the way: " + losses.size());
        assertTrue(losses.get(losses.size() - 1) < losses.get(0) - 1.5, "the training loss falls: " + losses);
        assertTrue(run.networkBitsPerByte() < run.unigramBitsPerByte() - 0.3,
                run.networkBitsPerByte() + " vs unigram " + run.unigramBitsPerByte());
        assertTrue(run.ngramBitsPerByte() < run.unigramBitsPerByte(), "the smoothed n-gram beats the unigram too");
        assertEquals(21_600, run.trainBytes());
        assertEquals(2_400, run.heldOutBytes());
        // Trained on all of it on the bytes alone (no teacher's smoothing), the network continues its own text.
        byte[] c = NGramModel.shippedCorpus();
        NeuralByteModel m = NeuralTrainer.train(c, c.length, new NeuralTrainer.Settings(8, 32, 60, 32, 0.01, 7, 2, 0), null);
        String got = new String(m.complete("Four score and seven years ago our fath".getBytes(StandardCharsets.US_ASCII)),
                StandardCharsets.US_ASCII);
        assertTrue(got.startsWith("ers"), got);
        assertEquals(NGramModel.COMPLETION_BYTES, got.length());
    }

    @Test
    void aTeacherShareDrawsTheNetworkTowardsTheNGramsDistributions() {
        byte[] text = wordWalk(24_000);
        int split = 21_600;
        NGramEstimator teacher = NGramEstimator.train(text, split, NGramEstimator.MAX_ORDER);
        double alone = divergenceFromTeacher(text, split, teacher, 0);
        double taught = divergenceFromTeacher(text, split, teacher, 1);
        assertTrue(taught < 0.8 * alone, "KL(teacher || network) on held-out text: taught " + taught + ", alone " + alone);
        assertThrows(ParameterException.class, () -> new NeuralTrainer.Settings(8, 32, 1, 32, 0.01, 1, 1, 1.5));
        assertThrows(ParameterException.class, () -> new NeuralTrainer.Settings(8, 32, 1, 32, 0.01, 1, 1, Double.NaN));
    }

    /** Mean KL divergence (nats) of the network's next-byte distribution from the teacher's over 400 held-out positions. */
    private static double divergenceFromTeacher(byte[] text, int split, NGramEstimator teacher, double share) {
        NeuralByteModel m = NeuralTrainer.train(text, split, new NeuralTrainer.Settings(8, 32, 2, 32, 0.01, 7, 2, share), null);
        double[] q = new double[256];
        double sum = 0;
        for (int i = split; i < split + 400; i++) {
            teacher.distribution(text, i, false, q);
            float[] l = m.logits(Arrays.copyOfRange(text, i - 8, i));
            double max = Double.NEGATIVE_INFINITY;
            for (float v : l) {
                max = Math.max(max, v);
            }
            double z = 0;
            for (float v : l) {
                z += Math.exp(v - max);
            }
            for (int b = 0; b < 256; b++) {
                double logP = l[b] - max - Math.log(z);
                sum += q[b] * (Math.log(q[b]) - logP);
            }
        }
        return sum / 400;
    }

    @Test
    void trainingIsReproducibleFromItsSeed() {
        byte[] a = trained(3).toBytes();
        assertArrayEquals(a, trained(3).toBytes(), "same corpus, settings and seed: the same weights, bit for bit");
        assertFalse(Arrays.equals(a, trained(4).toBytes()), "another seed, other weights");
        byte[] c = NGramModel.shippedCorpus();
        NeuralTrainer.Settings one = new NeuralTrainer.Settings(8, 32, 3, 32, 0.01, 3, 1);
        assertArrayEquals(NeuralTrainer.train(c, c.length, one, null).toBytes(),
                NeuralTrainer.train(c, c.length, one, null).toBytes(), "reproducible on one thread too");
    }

    @Test
    void weightsRoundTripThroughTheFile(@TempDir Path dir) throws Exception {
        NeuralByteModel m = trained(5);
        byte[] bytes = m.toBytes();
        assertEquals(NeuralByteModel.encodedBytes(8, 32, 0), bytes.length);
        Path file = dir.resolve("net.vgnn");
        Files.write(file, bytes);
        NeuralByteModel back = NeuralByteModel.read(file);
        assertArrayEquals(bytes, back.toBytes());
        byte[] ctx = "government of the peo".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(m.logits(ctx), back.logits(ctx));
        assertArrayEquals(m.complete(ctx), back.complete(ctx));
        assertArrayEquals(new float[] {0f, 0.5f, 0.25f, 0f}, back.activationCoefficients());
        assertEquals("NeuralByteModel(8 context bytes, 32 hidden units)", back.toString());
        byte[] c = NGramModel.shippedCorpus();
        assertEquals(m.bitsPerByte(c, 0, c.length, 1), m.bitsPerByte(c, 0, c.length, 2), 1e-9,
                "evaluation does not depend on the threads");
    }

    @Test
    void aSecondHiddenLayerTrainsRoundTripsAsVersionTwoAndIsRefusedUnderEncryption(@TempDir Path dir) throws Exception {
        byte[] text = wordWalk(24_000);
        NeuralTrainer.Settings two = new NeuralTrainer.Settings(8, 32, 2, 32, 0.01, 7, 2, 0.5, 16);
        NeuralTrainingRun run = NeuralTrainingRun.of(text, two, null);
        assertTrue(run.networkBitsPerByte() < run.unigramBitsPerByte() - 0.3,
                run.networkBitsPerByte() + " vs unigram " + run.unigramBitsPerByte());
        NeuralByteModel m = run.model();
        assertEquals(16, m.secondHiddenUnits());
        assertEquals(16, m.lastHiddenUnits());
        assertEquals(16, m.middleWeights().length);
        assertEquals(32, m.middleWeights()[0].length);
        assertEquals(16, m.outputWeights()[0].length);
        byte[] bytes = m.toBytes();
        assertEquals(2, bytes[4], "a two-layer model is written as version 2");
        assertEquals(NeuralByteModel.encodedBytes(8, 32, 16), bytes.length);
        Path file = dir.resolve("two.vgnn");
        Files.write(file, bytes);
        NeuralByteModel back = NeuralByteModel.read(file);
        assertArrayEquals(bytes, back.toBytes());
        byte[] ctx = "the people, by the".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(m.logits(ctx), back.logits(ctx));
        assertEquals("NeuralByteModel(8 context bytes, 32 hidden units, then 16)", back.toString());
        assertArrayEquals(bytes, NeuralTrainingRun.of(text, two, null).model().toBytes(), "reproducible from the seed");
        // The layer changes the logits: a model whose second layer is zeroed predicts from the biases alone.
        byte[] zeroed = bytes.clone();
        int middleAt = 10 + 4 * (4 + 8 * 256 * 32 + 32);
        Arrays.fill(zeroed, middleAt, middleAt + 4 * 16 * 32, (byte) 0);
        assertFalse(Arrays.equals(m.logits(ctx), NeuralByteModel.fromBytes("z", zeroed).logits(ctx)));
        // Refusals particular to version 2.
        assertTrue(reason(Arrays.copyOf(bytes, 9)).contains("cut short"), reason(Arrays.copyOf(bytes, 9)));
        byte[] wide = bytes.clone();
        wide[8] = 0x7f;
        assertTrue(reason(wide).contains("second-layer units"), reason(wide));
        byte[] none = bytes.clone();
        none[8] = 0;
        none[9] = 0;
        assertTrue(reason(none).contains("second-layer units 0"), reason(none));
        assertThrows(ParameterException.class, () -> new NeuralTrainer.Settings(8, 32, 1, 32, 0.01, 1, 1, 0.5, 4));
        ParameterException e = assertThrows(ParameterException.class,
                () -> new org.veilgrid.grid.encrypted.EncryptedNeuralModel(m, org.veilgrid.fhe.Parallelism.singleThread()));
        assertTrue(e.getMessage().contains("one hidden layer"), e.getMessage());
    }

    @Test
    void malformedWeightsAreRefusedWithTheReason(@TempDir Path dir) throws Exception {
        byte[] bytes = trained(5).toBytes();
        assertTrue(reason(new byte[0]).contains("magic"));
        assertTrue(reason(new byte[] {'V', 'G', 'N', 'G', 1, 8, 0, 32}).contains("magic"), "an n-gram model is not a network");
        assertTrue(reason(Arrays.copyOf(bytes, bytes.length - 1)).contains("exactly"));
        assertTrue(reason(Arrays.copyOf(bytes, bytes.length + 4)).contains("exactly"));
        byte[] version = bytes.clone();
        version[4] = 3;
        assertTrue(reason(version).contains("version 3"));
        byte[] context = bytes.clone();
        context[5] = 7;
        assertTrue(reason(context).contains("context length 7"));
        byte[] hidden = bytes.clone();
        hidden[6] = 0x7f;
        assertTrue(reason(hidden).contains("hidden units"));
        byte[] nan = bytes.clone();
        ByteBuffer.wrap(nan).putFloat(8 + 4 * 10, Float.NaN);
        assertTrue(reason(nan).contains("embedding value 6 is not finite"), reason(nan));
        byte[] inf = bytes.clone();
        ByteBuffer.wrap(inf).putFloat(inf.length - 4, Float.POSITIVE_INFINITY);
        assertTrue(reason(inf).contains("output bias value 255"), reason(inf));
        Path huge = dir.resolve("huge.vgnn");
        try (var f = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(NeuralByteModel.MAX_ENCODED_BYTES + 1);
        }
        assertThrows(MalformedInputException.class, () -> NeuralByteModel.read(huge));
    }

    /** Random truncations, bit flips in the header and random prefixes: only typed refusals, never another exception. */
    @Test
    void mutatedFilesFailOnlyWithTypedErrors() {
        byte[] bytes = trained(5).toBytes();
        SplittableRandom r = new SplittableRandom(11);
        for (int trial = 0; trial < 300; trial++) {
            byte[] b;
            switch (trial % 3) {
                case 0 -> b = Arrays.copyOf(bytes, r.nextInt(bytes.length));
                case 1 -> {
                    b = bytes.clone();
                    int at = r.nextInt(8);
                    b[at] ^= (byte) (1 << r.nextInt(8));
                }
                default -> {
                    b = new byte[r.nextInt(64)];
                    r.nextBytes(b);
                    if (b.length >= 4) {
                        System.arraycopy(new byte[] {'V', 'G', 'N', 'N'}, 0, b, 0, 4);
                    }
                }
            }
            try {
                NeuralByteModel.fromBytes("m", b);
            } catch (MalformedInputException expected) {
                // refused, as a decoder must
            }
        }
    }

    private static String reason(byte[] b) {
        return assertThrows(MalformedInputException.class, () -> NeuralByteModel.fromBytes("net.vgnn", b)).getMessage();
    }

    @Test
    void unusableSettingsAreRefused() {
        assertThrows(ParameterException.class, () -> new NeuralTrainer.Settings(7, 256, 1, 256, 0.01, 1, 2));
        assertThrows(ParameterException.class, () -> new NeuralTrainer.Settings(8, 4, 1, 256, 0.01, 1, 2));
        assertThrows(ParameterException.class, () -> new NeuralTrainer.Settings(8, 256, 0, 256, 0.01, 1, 2));
        assertThrows(ParameterException.class, () -> new NeuralTrainer.Settings(8, 256, 1, 0, 0.01, 1, 2));
        assertThrows(ParameterException.class, () -> new NeuralTrainer.Settings(8, 256, 1, 256, Double.NaN, 1, 2));
        assertThrows(ParameterException.class, () -> new NeuralTrainer.Settings(8, 256, 1, 256, 0.01, 1, 0));
        assertThrows(ParameterException.class, () -> NeuralTrainingRun.of(new byte[99], tiny(1, 1), null));
        assertThrows(ParameterException.class, () -> NeuralTrainingRun.of(new byte[NGramModel.MAX_CORPUS_BYTES + 1], tiny(1, 1), null));
    }
}
