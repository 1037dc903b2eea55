package org.veilgrid.grid.encrypted;

import java.util.Objects;
import org.veilgrid.fhe.ckks.Ciphertext;
import org.veilgrid.fhe.ckks.CkksContext;
import org.veilgrid.fhe.ckks.ComplexSlots;
import org.veilgrid.fhe.ckks.Decryptor;
import org.veilgrid.fhe.ckks.Encryptor;
import org.veilgrid.fhe.ckks.KeyGenerator;
import org.veilgrid.fhe.ckks.SecretKey;

/**
 * A client's side of encrypted neural next-byte calls: it holds the CKKS secret key (never
 * leaves it), makes the evaluation keys a node needs once ({@link #evaluationKeys()}), encrypts
 * each context as a one-hot query ({@link #query}) and reads the next byte from the node's
 * encrypted logits ({@link #nextByte}). The node learns neither the context nor the logits; the
 * client learns the logits (flooded), not the weights.
 */
public final class NeuralQueryClient {
    private final NeuralLayout layout;
    private final CkksContext context;
    private final SecretKey secretKey;
    private final NeuralEvaluationKeys evaluationKeys;
    private final Encryptor encryptor;
    private final Decryptor decryptor;

    /** Makes a fresh key set for the layout (about a second at N = 16384: ~35 Galois keys). */
    public NeuralQueryClient(NeuralLayout layout) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.context = NeuralLayout.context();
        KeyGenerator kg = new KeyGenerator(context);
        this.secretKey = kg.secretKey();
        this.evaluationKeys = new NeuralEvaluationKeys(kg.publicKey(secretKey), kg.relinKeys(secretKey),
                kg.galoisKeys(secretKey, layout.rotationSteps(), false));
        this.encryptor = new Encryptor(context);
        this.decryptor = new Decryptor(context, secretKey);
    }

    public NeuralLayout layout() {
        return layout;
    }

    /** The keys to upload once; they let a node compute on this client's ciphertexts, not read them. */
    public NeuralEvaluationKeys evaluationKeys() {
        return evaluationKeys;
    }

    /** The encrypted one-hot context (its last k bytes), symmetric and seed-compressible. */
    public Ciphertext query(byte[] text) {
        double[] slots = layout.querySlots(text, context.slots());
        return encryptor.encryptSymmetric(secretKey,
                context.encode(slots, null, NeuralLayout.INPUT_LEVEL, NeuralLayout.queryScale(context)));
    }

    /**
     * The 256 logits of a node's answer: each is held in 32 slots, whose flood noise is
     * independent, so their mean is read (the noise shrinks by &radic;32).
     */
    public double[] logits(Ciphertext answer) {
        double[] re = decryptSlots(answer).real();
        double[] out = new double[NeuralLayout.LOGITS];
        for (int j = 0; j < re.length; j++) {
            out[j % NeuralLayout.LOGITS] += re[j];
        }
        int copies = re.length / NeuralLayout.LOGITS;
        for (int o = 0; o < out.length; o++) {
            out[o] /= copies;
        }
        return out;
    }

    /** The argmax of {@link #logits} (ties to the smaller byte, as the model's own). */
    public int nextByte(Ciphertext answer) {
        double[] l = logits(answer);
        int arg = 0;
        for (int b = 1; b < l.length; b++) {
            if (l[b] > l[arg]) {
                arg = b;
            }
        }
        return arg;
    }

    ComplexSlots decryptSlots(Ciphertext c) {
        return decryptor.decrypt(c);
    }

    /** The error polynomial's largest coefficient against expected slot values (calibration only). */
    double errorNorm(Ciphertext c, double[] expected) {
        return decryptor.errorNorm(c, expected, null);
    }

    @Override
    public String toString() {
        return "NeuralQueryClient(" + layout + ")";
    }
}
