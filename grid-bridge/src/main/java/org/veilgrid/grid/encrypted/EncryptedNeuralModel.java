package org.veilgrid.grid.encrypted;

import java.util.Objects;
import java.util.SplittableRandom;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.fhe.Parallelism;
import org.veilgrid.fhe.ckks.Ciphertext;
import org.veilgrid.fhe.ckks.CkksContext;
import org.veilgrid.fhe.ckks.Evaluator;
import org.veilgrid.fhe.ckks.LinearAlgebra;
import org.veilgrid.fhe.ckks.NoiseFlooding;
import org.veilgrid.fhe.ckks.Plaintext;
import org.veilgrid.fhe.ckks.PreparedMatrix;
import org.veilgrid.grid.model.NeuralByteModel;

/**
 * A node's side of an encrypted neural next-byte call: its {@link NeuralByteModel}'s weights
 * encoded once for the circuit of {@link NeuralLayout}, evaluated on a client's encrypted
 * one-hot context, the answer flooded before it leaves.
 *
 * <p>The activation h = c<sub>0</sub> + c<sub>1</sub>z + c<sub>2</sub>z<sup>2</sup> is evaluated as
 * c<sub>2</sub>(z + &beta;)<sup>2</sup> + &gamma; with &beta; = c<sub>1</sub>/2c<sub>2</sub> and
 * &gamma; = c<sub>0</sub> &minus; c<sub>1</sub><sup>2</sup>/4c<sub>2</sub>: &beta; joins the hidden
 * bias, c<sub>2</sub> the output weights and &gamma; the output bias, so the activation costs one
 * ciphertext square.
 *
 * <p>Flooding: at construction the node runs its circuit on a few random contexts encrypted
 * under a key of its own and measures the largest coefficient of the error polynomial (the
 * decryption minus the encoding of the model's logits computed in double precision), taken with
 * a 2<sup>4</sup> margin as the bound B. The flood is uniform in
 * &plusmn;2<sup>bits</sup> with bits = &lceil;log2 B&rceil; + s, s = {@value #STATISTICAL_BITS}.
 * This is the estimate-then-flood approach of OpenFHE's noise flooding; docs/grid.md states
 * what it hides and from whom.
 */
public final class EncryptedNeuralModel {
    /** The flood's margin over the error bound: statistical distance 2^-s per coefficient. */
    public static final int STATISTICAL_BITS = 30;
    private static final int CALIBRATION_CONTEXTS = 6;
    private static final int CALIBRATION_MARGIN_BITS = 2;

    private final CkksContext context;
    private final NeuralLayout layout;
    private final Evaluator evaluator;
    private final LinearAlgebra linear;
    private final NoiseFlooding flooding;
    private final PreparedMatrix hidden;
    private final Plaintext hiddenBias;
    private final PreparedMatrix output;
    private final Plaintext outputBias;
    /** The model in double precision, with the activation folded as the circuit folds it. */
    private final Reference reference;
    private final int floodBits;
    private final double calibratedError;

    /**
     * Encodes the model's weights and calibrates the flood (a few seconds at H = 256).
     *
     * @throws ParameterException if the model has a second hidden layer (not evaluated under
     *     encryption yet), the activation is not of degree 2 (c<sub>3</sub> = 0, c<sub>2</sub> &ne; 0)
     *     or the shape does not fit {@link NeuralLayout}
     */
    public EncryptedNeuralModel(NeuralByteModel model, Parallelism parallelism) {
        Objects.requireNonNull(model, "model");
        if (model.secondHiddenUnits() != NeuralByteModel.NO_SECOND_LAYER) {
            throw new ParameterException("the encrypted evaluation takes one hidden layer; this model has two ("
                    + model.hiddenUnits() + " and " + model.secondHiddenUnits() + " units)");
        }
        this.context = NeuralLayout.context();
        this.layout = NeuralLayout.of(model);
        this.evaluator = new Evaluator(context, parallelism);
        this.linear = new LinearAlgebra(context, parallelism);
        this.flooding = new NoiseFlooding(context);
        float[] c = model.activationCoefficients();
        if (c[3] != 0 || c[2] == 0) {
            throw new ParameterException("the encrypted evaluation takes a degree-2 activation (c3 = 0, c2 != 0)");
        }
        double beta = c[1] / (2.0 * c[2]);
        double gamma = c[0] - (double) c[1] * c[1] / (4.0 * c[2]);
        int h = model.hiddenUnits();
        float[][] w1 = model.hiddenWeights();
        float[] b1 = model.hiddenBias();
        float[][] w2 = model.outputWeights();
        float[] b2 = model.outputBias();
        this.reference = new Reference(w1, b1, w2, b2, beta, gamma, c[2]);

        double[][] m1 = new double[layout.hiddenRows()][layout.inputColumns()];
        for (int j = 0; j < h; j++) {
            for (int col = 0; col < w1[j].length; col++) {
                m1[j][col] = w1[j][col];
            }
        }
        double[] bias1 = new double[layout.hiddenRows()];
        for (int j = 0; j < layout.hiddenRows(); j++) {
            bias1[j] = (j < h ? b1[j] : 0) + beta;
        }
        double[][] m2 = new double[NeuralLayout.LOGITS][layout.outputColumns()];
        double[] bias2 = new double[NeuralLayout.LOGITS];
        for (int o = 0; o < NeuralLayout.LOGITS; o++) {
            double rowSum = 0;
            for (int j = 0; j < h; j++) {
                m2[o][j] = c[2] * (double) w2[o][j];
                rowSum += w2[o][j];
            }
            bias2[o] = b2[o] + gamma * rowSum;
        }
        int slots = context.slots();
        double q3 = context.parameters().ciphertextPrimes().get(3);
        double s0 = NeuralLayout.inputScale(context);
        this.hidden = linear.prepare(m1, NeuralLayout.INPUT_LEVEL, q3 / NeuralLayout.QUERY_SCALE_BOOST, layout.inputBlocks());
        this.hiddenBias = context.encode(LinearAlgebra.replicate(bias1, slots), null, NeuralLayout.HIDDEN_LEVEL, s0);
        this.output = linear.prepare(m2, NeuralLayout.OUTPUT_LEVEL, NeuralLayout.OUTPUT_WEIGHT_SCALE);
        this.outputBias = context.encode(LinearAlgebra.replicate(bias2, slots), null, NeuralLayout.OUTPUT_LEVEL,
                s0 * NeuralLayout.OUTPUT_WEIGHT_SCALE);
        this.calibratedError = calibrate(model);
        double bound = calibratedError * Math.scalb(1.0, CALIBRATION_MARGIN_BITS);
        this.floodBits = (int) Math.ceil(Math.log(bound) / Math.log(2)) + STATISTICAL_BITS;
    }

    public NeuralLayout layout() {
        return layout;
    }

    /** log2 of the flood's half-width, in the answer's coefficient units. */
    public int floodBits() {
        return floodBits;
    }

    /** The largest error coefficient calibration measured before flooding (coefficient units). */
    public double calibratedError() {
        return calibratedError;
    }

    /** The flood's standard deviation in each logit: 2^bits &middot; &radic;(N/3) / &Delta;. */
    public double floodStandardDeviation() {
        return Math.scalb(1.0, floodBits) * Math.sqrt(context.n() / 3.0)
                / (NeuralLayout.inputScale(context) * NeuralLayout.OUTPUT_WEIGHT_SCALE);
    }

    /**
     * The circuit without the flood: for calibration and tests on the node's own key only, never
     * for an answer that leaves the node.
     *
     * @throws ParameterException if the query is not at level 0 with the layout's input scale,
     *     or a key is missing or made for another secret key
     */
    Ciphertext evaluateUnflooded(Ciphertext query, NeuralEvaluationKeys keys) {
        if (query.level() != NeuralLayout.INPUT_LEVEL
                || Math.abs(query.scale() - NeuralLayout.queryScale(context)) > 1e-6 * query.scale()) {
            throw new ParameterException("the query must be a fresh level-0 ciphertext at the layout's input scale");
        }
        Ciphertext z = evaluator.rescale(linear.multiply(query, hidden, keys.galoisKeys()));
        Ciphertext t = evaluator.addPlain(z, hiddenBias);
        Ciphertext squared = evaluator.rescale(evaluator.square(t, keys.relinKeys()));
        Ciphertext logits = linear.multiply(squared, output, keys.galoisKeys());
        return evaluator.addPlain(logits, outputBias);
    }

    /** The encrypted logits of the encrypted context, flooded: what goes back to the client. */
    public Ciphertext evaluate(Ciphertext query, NeuralEvaluationKeys keys) {
        return flooding.flood(evaluateUnflooded(query, keys), keys.publicKey(), floodBits);
    }

    private double calibrate(NeuralByteModel model) {
        NeuralQueryClient own = new NeuralQueryClient(layout);
        SplittableRandom random = new SplittableRandom(0x5eed);
        double worst = 0;
        for (int i = 0; i < CALIBRATION_CONTEXTS; i++) {
            byte[] text = new byte[layout.contextBytes()];
            for (int p = 0; p < text.length; p++) {
                text[p] = (byte) random.nextInt(256);
            }
            Ciphertext answer = evaluateUnflooded(own.query(text), own.evaluationKeys());
            double[] expected = LinearAlgebra.replicate(reference.logits(layout, text), context.slots());
            worst = Math.max(worst, own.errorNorm(answer, expected));
        }
        return worst;
    }

    /** The model in double precision, the circuit's folding of the activation included. */
    private record Reference(float[][] w1, float[] b1, float[][] w2, float[] b2, double beta, double gamma, double c2) {
        double[] logits(NeuralLayout layout, byte[] text) {
            int h = b1.length;
            double[] a = new double[h];
            for (int j = 0; j < h; j++) {
                double z = b1[j];
                for (int p = 0; p < layout.contextBytes(); p++) {
                    int i = text.length - layout.contextBytes() + p;
                    int b = (i >= 0 ? text[i] : NeuralByteModel.PAD) & 0xff;
                    z += w1[j][p * 256 + b];
                }
                double t = z + beta;
                a[j] = c2 * t * t + gamma;
            }
            double[] out = new double[NeuralLayout.LOGITS];
            for (int o = 0; o < out.length; o++) {
                double s = b2[o];
                for (int j = 0; j < h; j++) {
                    s += w2[o][j] * a[j];
                }
                out[o] = s;
            }
            return out;
        }
    }

    @Override
    public String toString() {
        return "EncryptedNeuralModel(" + layout + ", flood 2^" + floodBits + ")";
    }
}
