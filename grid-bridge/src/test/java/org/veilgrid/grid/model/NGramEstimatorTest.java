package org.veilgrid.grid.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.ParameterException;

class NGramEstimatorTest {
    @Test
    void everyContextGivesAProbabilityDistributionOverAllBytes() {
        byte[] c = NGramModel.shippedCorpus();
        for (int order = 0; order <= NGramEstimator.MAX_ORDER; order++) {
            NGramEstimator e = NGramEstimator.train(c, c.length, order);
            // Seen contexts, an unseen one, and the corpus's very start.
            for (String ctx : new String[] {"the p", "zqxjk", "", "e", "dedic"}) {
                byte[] text = Arrays.copyOf(ctx.getBytes(StandardCharsets.US_ASCII), ctx.length() + 1);
                double sum = 0;
                for (int b = 0; b < 256; b++) {
                    text[ctx.length()] = (byte) b;
                    double p = e.probability(text, ctx.length());
                    assertTrue(p > 0, "no byte has probability zero");
                    sum += p;
                }
                assertEquals(1.0, sum, 1e-9, "order " + order + ", context '" + ctx + "'");
            }
        }
    }

    @Test
    void longerContextsPredictHeldOutTextBetter() {
        byte[] c = NGramModel.shippedCorpus();
        int split = c.length * 9 / 10;
        double unigram = NeuralTrainingRun.unigramBitsPerByte(c, split);
        double order0 = NGramEstimator.train(c, split, 0).bitsPerByte(c, split, c.length);
        double order2 = NGramEstimator.train(c, split, 2).bitsPerByte(c, split, c.length);
        double order4 = NGramEstimator.train(c, split, 4).bitsPerByte(c, split, c.length);
        assertTrue(order2 < order0 && order4 < unigram, unigram + " " + order0 + " " + order2 + " " + order4);
        // A text that repeats is predicted almost exactly by its 4-byte contexts.
        byte[] rep = "abcdefgh".repeat(100).getBytes(StandardCharsets.US_ASCII);
        assertTrue(NGramEstimator.train(rep, 720, 4).bitsPerByte(rep, 720, 800) < 0.1);
        assertThrows(ParameterException.class, () -> NGramEstimator.train(c, c.length, 5));
        assertThrows(ParameterException.class, () -> NGramEstimator.train(c, 0, 2));
    }

    @Test
    void theDistributionIsEveryBytesProbabilityAndLeavingOneOutForgetsAUniqueContinuation() {
        byte[] c = NGramModel.shippedCorpus();
        NGramEstimator e = NGramEstimator.train(c, c.length, 4);
        double[] d = new double[256];
        for (int i : new int[] {0, 1, 5, 100, c.length / 2, c.length - 1}) {
            e.distribution(c, i, false, d);
            byte[] text = Arrays.copyOf(c, i + 1);
            double sum = 0;
            for (int b = 0; b < 256; b++) {
                text[i] = (byte) b;
                assertEquals(e.probability(text, i), d[b], 1e-15, "byte " + b + " at " + i);
                sum += d[b];
            }
            assertEquals(1.0, sum, 1e-12);
            e.distribution(c, i, true, d);
            assertEquals(1.0, Arrays.stream(d).sum(), 1e-12, "leave-one-out at " + i);
        }
        // "abcX" seen once after "abc" (and "abcY" twice): leaving the X out leaves it only the
        // backed-off share, while a Y keeps one count of its own.
        byte[] t = "abcX abcY abcY".getBytes(StandardCharsets.US_ASCII);
        NGramEstimator small = NGramEstimator.train(t, t.length, 3);
        small.distribution(t, 3, false, d);
        double withX = d['X'];
        small.distribution(t, 3, true, d);
        assertTrue(d['X'] < withX / 2, d['X'] + " vs " + withX);
        assertTrue(d['Y'] > 0.5, "Y after abc: " + d['Y']);
    }
}
