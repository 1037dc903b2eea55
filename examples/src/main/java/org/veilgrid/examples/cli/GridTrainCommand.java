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
        description = "Train a byte n-gram model on a corpus (default: the shipped public-domain corpus).")
public final class GridTrainCommand implements Callable<Integer> {
    static final long MAX_CORPUS_BYTES = 64L << 20;

    @Spec
    CommandSpec spec;

    @Option(names = "--corpus", description = "Text file to train on (default: the Gettysburg Address, shipped).")
    Path corpus;

    @Option(names = "--order", defaultValue = "3", description = "Context length k, 1..4 (default ${DEFAULT-VALUE}).")
    int order;

    @Option(names = "--out", required = true, description = "Model file to write.")
    Path out;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        byte[] text = corpus != null ? LocalFiles.readBounded(corpus, MAX_CORPUS_BYTES) : NGramModel.shippedCorpus();
        NGramModel m = NGramModel.train(text, order);
        byte[] bytes = m.toBytes();
        LocalFiles.write(out, bytes, false);
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("model", out.toString());
            o.put("order", order);
            o.put("contexts", m.contexts());
            o.put("corpusBytes", text.length);
            o.put("modelBytes", bytes.length);
            spec.commandLine().getOut().println(Json.pretty(o));
        } else {
            spec.commandLine().getOut().printf("trained an order-%d model on %,d bytes: %,d contexts, %s (%,d bytes)%n",
                    order, text.length, m.contexts(), out, bytes.length);
        }
        return Main.EXIT_OK;
    }
}
