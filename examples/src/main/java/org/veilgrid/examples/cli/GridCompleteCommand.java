package org.veilgrid.examples.cli;

import java.nio.charset.StandardCharsets;
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

/** {@code veil grid complete}: continue a context with a model, locally. */
@Command(name = "complete", mixinStandardHelpOptions = true,
        description = "Continue a context by " + NGramModel.COMPLETION_BYTES + " bytes with a model file (locally).")
public final class GridCompleteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "Model file from 'veil grid train'.")
    Path model;

    @Option(names = "--context", required = true, description = "The text to continue (UTF-8).")
    String context;

    @Option(names = "--json", description = "Print JSON (the continuation as text and as hex).")
    boolean json;

    @Override
    public Integer call() {
        NGramModel m = NGramModel.fromBytes(model.toString(), LocalFiles.readBounded(model, 256L << 20));
        byte[] out = m.complete(context.getBytes(StandardCharsets.UTF_8));
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("context", context);
            o.put("continuation", new String(out, StandardCharsets.UTF_8));
            o.put("hex", java.util.HexFormat.of().formatHex(out));
            spec.commandLine().getOut().println(Json.pretty(o));
        } else {
            spec.commandLine().getOut().println(context + new String(out, StandardCharsets.UTF_8));
        }
        return Main.EXIT_OK;
    }
}
