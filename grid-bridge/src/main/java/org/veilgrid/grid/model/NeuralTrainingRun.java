package org.veilgrid.grid.model;

import org.veilgrid.core.errors.ParameterException;

/**
 * One training run of a {@link NeuralByteModel} with its honest score: the corpus is split once,
 * the first 90% to train on and the last 10% held out, and the held-out bits per byte of the
 * network are set beside those of a smoothed order-4 n-gram ({@link NGramEstimator}) and of a
 * unigram (add-one), all three counted or trained on the same 90% and scored on the same bytes.
 *
 * @param model the trained network
 * @param trainBytes bytes trained on (the first 90%)
 * @param heldOutBytes bytes scored (the last 10%)
 * @param networkBitsPerByte the network's held-out cross-entropy
 * @param ngramBitsPerByte the order-4 interpolated Kneser-Ney n-gram's
 * @param unigramBitsPerByte the add-one unigram's
 * @param trainSeconds wall time of the training alone
 */
public record NeuralTrainingRun(NeuralByteModel model, int trainBytes, int heldOutBytes, double networkBitsPerByte,
        double ngramBitsPerByte, double unigramBitsPerByte, double trainSeconds) {
    /** The held-out share of the corpus, in tenths. */
    public static final int HELD_OUT_TENTHS = 1;
    /** The fewest corpus bytes a run takes (so both parts are non-trivial). */
    public static final int MIN_CORPUS_BYTES = 100;

    /**
     * Splits, trains, evaluates.
     *
     * @throws ParameterException if the corpus is under {@value #MIN_CORPUS_BYTES} or over
     *     {@link NGramModel#MAX_CORPUS_BYTES} bytes, or the settings are unusable
     */
    public static NeuralTrainingRun of(byte[] corpus, NeuralTrainer.Settings settings, NeuralTrainer.Progress progress) {
        if (corpus == null || corpus.length < MIN_CORPUS_BYTES) {
            throw new ParameterException("a neural training run needs a corpus of at least " + MIN_CORPUS_BYTES + " bytes");
        }
        if (corpus.length > NGramModel.MAX_CORPUS_BYTES) {
            throw new ParameterException("the corpus has " + corpus.length + " bytes; at most " + NGramModel.MAX_CORPUS_BYTES
                    + " can be trained on");
        }
        int split = (int) ((long) corpus.length * (10 - HELD_OUT_TENTHS) / 10);
        long start = System.nanoTime();
        NeuralByteModel model = NeuralTrainer.train(corpus, split, settings, progress);
        double seconds = (System.nanoTime() - start) / 1e9;
        double network = model.bitsPerByte(corpus, split, corpus.length, settings.threads());
        double ngram = NGramEstimator.train(corpus, split, NGramEstimator.MAX_ORDER).bitsPerByte(corpus, split, corpus.length);
        return new NeuralTrainingRun(model, split, corpus.length - split, network, ngram,
                unigramBitsPerByte(corpus, split), seconds);
    }

    /** Held-out bits per byte of add-one byte frequencies counted on {@code corpus[0, split)}. */
    static double unigramBitsPerByte(byte[] corpus, int split) {
        long[] count = new long[256];
        for (int i = 0; i < split; i++) {
            count[corpus[i] & 0xff]++;
        }
        double s = 0;
        for (int i = split; i < corpus.length; i++) {
            s -= Math.log((count[corpus[i] & 0xff] + 1.0) / (split + 256.0));
        }
        return s / (corpus.length - split) / Math.log(2);
    }

    /** Whether the network's held-out bits per byte are below the n-gram's. */
    public boolean networkBeatsNgram() {
        return networkBitsPerByte < ngramBitsPerByte;
    }
}
