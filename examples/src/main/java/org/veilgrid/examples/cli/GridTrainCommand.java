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

/** {@code veil grid train}: a byte n-gram model from a corpus file (or the shipped corpus). */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a byte n-gram model on a corpus (default: the shipped public-domain corpus).",
            "A corpus is at most " + NGramModel.MAX_CORPUS_BYTES + " bytes, any bytes; a model at most "
                + NGramModel.MAX_CONTEXTS + " contexts (all orders together): a corpus with more is refused."})
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

    @Override
    public Integer call() throws Exception {
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
}
