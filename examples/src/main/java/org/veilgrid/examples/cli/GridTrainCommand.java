package org.veilgrid.examples.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.veilgrid.core.io.LocalFiles;
import org.veilgrid.grid.model.NGramModel;
import org.veilgrid.grid.model.NeuralTrainer;
import org.veilgrid.grid.model.NeuralTrainingRun;

/**
 * {@code veil grid train}: a byte n-gram model (the default) or a neural byte model from a corpus
 * file (or the shipped corpus). The training and its held-out evaluation live in grid-bridge
 * ({@link NeuralTrainingRun}); this command only parses and prints.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a byte n-gram model on a corpus (default: the shipped public-domain corpus).",
            "A corpus is at most " + NGramModel.MAX_CORPUS_BYTES + " bytes, any bytes; a model at most "
                + NGramModel.MAX_CONTEXTS + " contexts (all orders together): a corpus with more is refused.",
            "--model neural trains a neural byte model on the first 90% of the corpus and prints the held-out"
                + " bits per byte of the network and of a smoothed order-4 n-gram on the last 10% (progress on stderr)."})
public final class GridTrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--corpus", description = "File to train on, any bytes, at most 16 MiB (default: the Gettysburg Address, shipped).")
    Path corpus;

    @Option(names = "--order", defaultValue = "3", description = "Context length k, 1..4 (default ${DEFAULT-VALUE}).")
    int order;

    @Option(names = "--max-contexts", defaultValue = "" + NGramModel.MAX_CONTEXTS,
            description = "Refuse a corpus whose model would have more contexts (rows), 1..${DEFAULT-VALUE} (default"
                    + " ${DEFAULT-VALUE}); fewer rows make encrypted queries smaller (one BFV ciphertext per 1,024 rows).")
    int maxContexts;

    @Option(names = "--out", required = true, description = "Model file to write.")
    Path out;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Option(names = "--model", defaultValue = "ngram", description = "ngram (default) or neural.")
    String model;

    @Option(names = "--context", defaultValue = "8", description = "Neural: context bytes k, 8..16 (default ${DEFAULT-VALUE}).")
    int context;

    @Option(names = "--hidden", defaultValue = "256", description = "Neural: hidden units, 8..1024 (default ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--hidden2", defaultValue = "0", description = "Neural: units of a second hidden layer, 0 (none) or"
            + " 8..1024 (default ${DEFAULT-VALUE}; a two-layer model completes locally, `veil grid complete --model`;"
            + " nodes serve one-layer models for now).")
    int hidden2;

    @Option(names = "--epochs", defaultValue = "1", description = "Neural: passes over the training bytes (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--distill", defaultValue = "0.5", description = "Neural: the smoothed n-gram teacher's share of each"
            + " training target, 0..1 (0: the bytes alone; default ${DEFAULT-VALUE}).")
    double distill;

    @Option(names = "--seed", defaultValue = "1", description = "Neural: seed of the initial weights and shuffles (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (model.equals("neural")) {
            return trainNeural();
        }
        if (!model.equals("ngram")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--model must be ngram or neural, got " + model);
        }
        if (maxContexts < 1 || maxContexts > NGramModel.MAX_CONTEXTS) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--max-contexts must lie in [1, " + NGramModel.MAX_CONTEXTS + "], got " + maxContexts);
        }
        byte[] text = corpus != null ? LocalFiles.readBounded(corpus, NGramModel.MAX_CORPUS_BYTES) : NGramModel.shippedCorpus();
        NGramModel m = NGramModel.train(text, order, maxContexts);
        byte[] bytes = m.toBytes();
        LocalFiles.write(out, bytes, false);
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("model", out.toString());
            o.put("order", order);
            o.put("contexts", m.contexts());
            o.put("rows", m.rowCount());
            o.put("corpusBytes", text.length);
            o.put("modelBytes", bytes.length);
            spec.commandLine().getOut().println(Json.pretty(o));
        } else {
            spec.commandLine().getOut().printf("trained an order-%d model on %,d bytes: %,d contexts of %d bytes, %,d rows in all,"
                    + " %s (%,d bytes)%n", order, text.length, m.contexts(), order, m.rowCount(), out, bytes.length);
        }
        return Main.EXIT_OK;
    }

    private Integer trainNeural() {
        NeuralTrainer.Settings d = NeuralTrainer.Settings.defaults(epochs, seed);
        NeuralTrainer.Settings settings = new NeuralTrainer.Settings(context, hidden, epochs, d.batch(), d.learningRate(),
                seed, d.threads(), distill, hidden2);
        byte[] text = corpus != null ? LocalFiles.readBounded(corpus, NGramModel.MAX_CORPUS_BYTES) : NGramModel.shippedCorpus();
        java.io.PrintWriter err = spec.commandLine().getErr();
        NeuralTrainingRun run = NeuralTrainingRun.of(text, settings, (epoch, step, total, bits) ->
                err.printf("epoch %d/%d, step %,d/%,d: training loss %.3f bits/byte%n", epoch, epochs, step, total, bits));
        byte[] bytes = run.model().toBytes();
        LocalFiles.write(out, bytes, false);
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("model", out.toString());
            o.put("kind", "neural");
            o.put("contextBytes", context);
            o.put("hiddenUnits", hidden);
            o.put("secondHiddenUnits", hidden2);
            o.put("epochs", epochs);
            o.put("seed", seed);
            o.put("distillation", distill);
            o.put("trainBytes", run.trainBytes());
            o.put("heldOutBytes", run.heldOutBytes());
            o.put("networkBitsPerByte", run.networkBitsPerByte());
            o.put("ngram4BitsPerByte", run.ngramBitsPerByte());
            o.put("unigramBitsPerByte", run.unigramBitsPerByte());
            o.put("networkBeatsNgram", run.networkBeatsNgram());
            o.put("trainSeconds", run.trainSeconds());
            o.put("modelBytes", bytes.length);
            spec.commandLine().getOut().println(Json.pretty(o));
        } else {
            spec.commandLine().getOut().printf("trained a neural byte model (%d context bytes, %s hidden units, %d epochs) on %,d"
                    + " bytes in %.1f s; held out %,d bytes: network %.4f bits/byte, order-4 n-gram %.4f, unigram %.4f;"
                    + " %s (%,d bytes)%n", context, hidden2 == 0 ? String.valueOf(hidden) : hidden + "+" + hidden2, epochs,
                    run.trainBytes(), run.trainSeconds(), run.heldOutBytes(),
                    run.networkBitsPerByte(), run.ngramBitsPerByte(), run.unigramBitsPerByte(), out, bytes.length);
        }
        return Main.EXIT_OK;
    }
}
