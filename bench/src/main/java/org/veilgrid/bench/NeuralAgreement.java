package org.veilgrid.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.veilgrid.fhe.Parallelism;
import org.veilgrid.fhe.ckks.Ciphertext;
import org.veilgrid.grid.encrypted.EncryptedNeuralModel;
import org.veilgrid.grid.encrypted.NeuralQueryClient;
import org.veilgrid.grid.model.NeuralByteModel;

/**
 * How often the encrypted next byte equals the plaintext network's argmax (issue #18's target:
 * at least 99.5 % of 1,000 held-out contexts), and the node's time per call, in process (no
 * network): contexts drawn with a seed from the corpus's last 10 % (the held-out part of
 * {@code veil grid train}).
 *
 * <pre>java -cp bench/target/benchmarks.jar org.veilgrid.bench.NeuralAgreement MODEL.vgnn CORPUS [COUNT] [SEED]</pre>
 */
public final class NeuralAgreement {
    private NeuralAgreement() {
    }

    public static void main(String[] args) throws Exception {
        NeuralByteModel model = NeuralByteModel.read(Path.of(args[0]));
        byte[] corpus = Files.readAllBytes(Path.of(args[1]));
        int count = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 18;
        long t0 = System.nanoTime();
        EncryptedNeuralModel node = new EncryptedNeuralModel(model, Parallelism.singleThread());
        NeuralQueryClient client = new NeuralQueryClient(node.layout());
        System.out.printf(Locale.ROOT, "prepared %s in %.1f s; flood 2^%d, per-logit flood sd %.2e (before averaging)%n", node,
                (System.nanoTime() - t0) / 1e9, node.floodBits(), node.floodStandardDeviation());
        SplittableRandom random = new SplittableRandom(seed);
        int from = corpus.length - corpus.length / 10;
        int agree = 0;
        double worst = 0;
        long nodeNanos = 0;
        double smallestGapMissed = Double.NaN;
        for (int i = 1; i <= count; i++) {
            int end = from + model.contextBytes() + random.nextInt(corpus.length - from - model.contextBytes());
            byte[] context = Arrays.copyOfRange(corpus, end - model.contextBytes(), end);
            Ciphertext query = client.query(context);
            long s = System.nanoTime();
            Ciphertext answer = node.evaluate(query, client.evaluationKeys());
            nodeNanos += System.nanoTime() - s;
            double[] got = client.logits(answer);
            float[] expected = model.logits(context);
            for (int b = 0; b < 256; b++) {
                worst = Math.max(worst, Math.abs(got[b] - expected[b]));
            }
            if (client.nextByte(answer) == model.next(context)) {
                agree++;
            } else {
                float[] sorted = expected.clone();
                Arrays.sort(sorted);
                double gap = sorted[255] - sorted[254];
                smallestGapMissed = Double.isNaN(smallestGapMissed) ? gap : Math.max(smallestGapMissed, gap);
            }
            if (i % 100 == 0 || i == count) {
                System.out.printf(Locale.ROOT, "%d/%d: agree %d (%.2f %%), worst logit error %.2e, node %.1f ms per call%n", i,
                        count, agree, 100.0 * agree / i, worst, nodeNanos / 1e6 / i);
            }
        }
        if (agree < count) {
            System.out.printf(Locale.ROOT, "largest top-2 gap among the misses: %.2e%n", smallestGapMissed);
        }
    }
}
