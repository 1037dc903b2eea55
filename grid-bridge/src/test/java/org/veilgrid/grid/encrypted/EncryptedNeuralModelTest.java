package org.veilgrid.grid.encrypted;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.veilgrid.fhe.Parallelism;
import org.veilgrid.fhe.ckks.Ciphertext;
import org.veilgrid.grid.model.NeuralByteModel;
import org.veilgrid.grid.model.NeuralTrainer;

/** The encrypted neural next byte against the plaintext network. */
class EncryptedNeuralModelTest {
    private static NeuralByteModel model;
    private static EncryptedNeuralModel node;
    private static NeuralQueryClient client;
    private static byte[] text;

    @BeforeAll
    static void setUp() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            sb.append("Four score and seven years ago our fathers brought forth on this continent a new nation. ");
        }
        text = sb.toString().getBytes(StandardCharsets.US_ASCII);
        NeuralTrainer.Settings d = NeuralTrainer.Settings.defaults(1, 7);
        model = NeuralTrainer.train(text, text.length, new NeuralTrainer.Settings(8, 32, 1, d.batch(), d.learningRate(), 7, 1), null);
        node = new EncryptedNeuralModel(model, Parallelism.singleThread());
        client = new NeuralQueryClient(node.layout());
    }

    @Test
    void encryptedLogitsMatchThePlaintextNetworkAndTheNextByteIsItsArgmax() {
        int agree = 0;
        int calls = 6;
        double worst = 0;
        for (int c = 0; c < calls; c++) {
            int end = 20 + 37 * c;
            byte[] context = java.util.Arrays.copyOfRange(text, end - 8, end);
            Ciphertext answer = node.evaluate(client.query(context), client.evaluationKeys());
            double[] got = client.logits(answer);
            float[] expected = model.logits(context);
            for (int b = 0; b < 256; b++) {
                worst = Math.max(worst, Math.abs(got[b] - expected[b]));
            }
            if (client.nextByte(answer) == model.next(context)) {
                agree++;
            }
        }
        // float32 weights against the double-precision circuit, plus the flood (about 2^-10 here).
        assertTrue(worst < 0.05, "worst logit error " + worst + ", flood sd " + node.floodStandardDeviation()
                + ", calibrated " + node.calibratedError() + ", flood bits " + node.floodBits());
        assertEquals(calls, agree);
    }
}
