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
        description = {"Continue a context by up to " + NGramModel.COMPLETION_BYTES + " bytes: with a model file",
            "(--model, locally) or from a node (--node host:port with --dir and --name for mutual TLS)."})
public final class GridCompleteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", description = "Model file from 'veil grid train' (local completion).")
    Path model;

    @Option(names = "--node", description = "host:port of a node (remote completion).")
    String node;

    @Option(names = "--dir", description = "Folder made by 'veil grid setup' (with --node).")
    Path dir;

    @Option(names = "--node-name", defaultValue = "node-0",
            description = "With --node: the node's name; its certificate must carry it (default ${DEFAULT-VALUE}).")
    String nodeName;

    @Option(names = "--name", defaultValue = "client-0", description = "This client's identity (default ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--bytes", defaultValue = "16", description = "Continuation bytes, 1..16 (default ${DEFAULT-VALUE}).")
    int bytes;

    @Option(names = "--encrypted", description = "With --node: send the context encrypted (BFV); the node never sees it or the answer.")
    boolean encrypted;

    @Option(names = "--context", required = true, description = "The text to continue (UTF-8).")
    String context;

    @Option(names = "--json", description = "Print JSON (the continuation as text and as hex).")
    boolean json;

    @Override
    public Integer call() {
        if ((model == null) == (node == null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give exactly one of --model and --node");
        }
        if (bytes < 1 || bytes > NGramModel.COMPLETION_BYTES) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--bytes must lie in [1, " + NGramModel.COMPLETION_BYTES + "]");
        }
        byte[] ctx = context.getBytes(StandardCharsets.UTF_8);
        byte[] out;
        if (model != null) {
            NGramModel m = NGramModel.fromBytes(model.toString(), LocalFiles.readBounded(model, 256L << 20));
            out = java.util.Arrays.copyOf(m.lookup(ctx), bytes);
        } else {
            if (dir == null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--node needs --dir (the setup folder)");
            }
            int colon = node.lastIndexOf(':');
            int port;
            try {
                port = Integer.parseInt(node.substring(colon + 1));
            } catch (RuntimeException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--node must be host:port, got " + node);
            }
            org.veilgrid.core.tls.TlsIdentity identity = org.veilgrid.core.tls.TlsIdentity.load(dir, name);
            String host = node.substring(0, Math.max(0, colon));
            if (encrypted) {
                long start = System.nanoTime();
                try (org.veilgrid.grid.encrypted.EncryptedCompletionClient client =
                             new org.veilgrid.grid.encrypted.EncryptedCompletionClient(host, port, identity, nodeName, java.time.Duration.ofSeconds(60))) {
                    out = java.util.Arrays.copyOf(client.complete(ctx), bytes);
                }
                spec.commandLine().getErr().printf("veil grid complete: encrypted round trip %.0f ms%n", (System.nanoTime() - start) / 1e6);
            } else {
                try (org.veilgrid.grid.node.CompletionClient client = new org.veilgrid.grid.node.CompletionClient(
                        host, port, identity, nodeName, java.time.Duration.ofSeconds(30))) {
                    out = client.complete(ctx, bytes);
                }
            }
        }
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
