package org.veilgrid.examples.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import org.veilgrid.core.identity.AgentPublicKey;
import org.veilgrid.core.io.LocalFiles;
import org.veilgrid.core.tls.TlsIdentity;
import org.veilgrid.grid.encrypted.EncryptedCompletionClient;
import org.veilgrid.grid.encrypted.EncryptedCompletions;
import org.veilgrid.grid.encrypted.NeuralCompletionClient;
import org.veilgrid.grid.model.NGramModel;
import org.veilgrid.grid.node.CompletionClient;
import org.veilgrid.grid.node.CompletionNode;
import org.veilgrid.grid.node.GridRoster;
import java.net.InetSocketAddress;
import org.veilgrid.core.federation.Card;
import org.veilgrid.core.federation.IdentityFolder;
import org.veilgrid.core.federation.Roster;
import org.veilgrid.grid.promise.CheckedCompletion;
import org.veilgrid.grid.promise.PromiseCheck;

/**
 * {@code veil grid complete}: continue a context with a model on this machine, or from a node whose
 * promise is judged against the key pinned for it. Exit 1 when the node broke its promise.
 */
@Command(name = "complete", mixinStandardHelpOptions = true,
        description = {"Continue a context by up to " + NGramModel.COMPLETION_BYTES + " bytes: with a model file on this",
            "machine (--model; nothing is sent), or from a node: in a federation (--identity and --roster,",
            "--node NAME), or of a setup folder (--node host:port with --dir; a local demo). --encrypted",
            "hides the context and the answer from the node. A node's signed promise is judged against",
            "the key on its roster card (or pinned for --node-name in the setup folder, or --node-key);",
            "the verdict is printed, and a broken promise exits 1 with the answer withheld.",
            "--dump-envelope keeps the exact request sent."})
public final class GridCompleteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", description = "Model file from 'veil grid train': complete on this machine, send nothing.")
    Path model;

    @Option(names = "--node", description = {"The node to ask: with --roster, its name in the roster (default: the",
        "roster's only grid node); with --dir, its host:port."})
    String node;

    @Option(names = "--identity", paramLabel = "DIR", description = {"This client's own identity folder (veil identity",
        "init --role grid-client); with --roster."})
    Path identity;

    @Option(names = "--roster", paramLabel = "FILE", description = {"The federation's roster: the node is its card's,",
        "at every address on the card (replicas, round-robin), its promise key the card's agent key."})
    Path roster;

    @Option(names = "--dir", description = "Folder made by 'veil grid setup' (with --node).")
    Path dir;

    @Option(names = "--name", defaultValue = "client-0", description = "This client's identity in --dir (default ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--node-name", defaultValue = "node-0",
            description = "Which node of --dir is at --node: its TLS certificate must carry this name and its promise key (NAME.promise.pub) is pinned (default ${DEFAULT-VALUE}).")
    String nodeName;

    @Option(names = "--node-key", description = "Pin this promise key instead: 64 hex digits or a PEM public key file (NAME.promise.pub).")
    String nodeKey;

    @Option(names = "--dump-envelope", paramLabel = "FILE",
            description = {"With --node: write the exact request sent (a grid envelope, deterministic CBOR) to FILE before",
                "it is sent; read it with e.g. 'python3 -m cbor2.tool -p FILE'."})
    Path dumpEnvelope;

    @Option(names = "--encrypted", description = {"With --node: send the context encrypted; the node never sees it or the answer.",
            "A neural node's network is evaluated under CKKS, one call per byte (evaluation keys uploaded first);",
            "an n-gram node's row is selected under BFV."})
    boolean encrypted;

    @Option(names = "--context", description = "The text to continue (UTF-8), at most " + CompletionNode.MAX_CONTEXT_BYTES + " bytes.")
    String context;

    @Option(names = "--context-file", description = "A file of bytes to continue, at most " + CompletionNode.MAX_CONTEXT_BYTES + " bytes.")
    Path contextFile;

    @Option(names = "--bytes", defaultValue = "16", description = "Continuation bytes, 1..16 (default ${DEFAULT-VALUE}).")
    int bytes;

    @Option(names = "--output-file", description = "Write the continuation's bytes, as they are, to this file.")
    Path outputFile;

    @Option(names = "--json", description = "Print JSON (the continuation as text, hex and base64, and the promise's verdict).")
    boolean json;

    /** With --roster: the address of the replica that answered (plaintext requests). */
    private String answeredBy;

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    @Override
    public Integer call() {
        boolean federated = identity != null || roster != null;
        if (federated && (identity == null || roster == null)) {
            throw usage("--identity and --roster go together (a federation's client and its roster)");
        }
        if ((model != null ? 1 : 0) + (federated ? 1 : 0) + (node != null && !federated ? 1 : 0) != 1) {
            throw usage("give one of --model (complete on this machine), --identity with --roster (ask a federation's"
                    + " node), or --node with --dir (ask a setup folder's node)");
        }
        if (model != null) {
            // Where the query goes is never changed silently: options about a node mean nothing here.
            if (encrypted) {
                throw usage("--encrypted needs --node: with --model the completion runs on this machine and nothing is"
                        + " sent, so there is nothing to encrypt");
            }
            for (String option : List.of("--dir", "--name", "--node-name", "--node-key", "--dump-envelope")) {
                if (given(option)) {
                    throw usage(option + " needs --node: with --model the completion runs on this machine");
                }
            }
        }
        if (federated) {
            // The roster says who the node is and which key it signs with; a second source would contradict it.
            for (String option : List.of("--dir", "--name", "--node-name", "--node-key")) {
                if (given(option)) {
                    throw usage(option + " goes with --node host:port and --dir (a setup folder): with --roster the node"
                            + " is --node NAME of the roster and its promise key the one on its card");
                }
            }
        }
        if ((context == null) == (contextFile == null)) {
            throw usage("give exactly one of --context (text) and --context-file (bytes)");
        }
        if (bytes < 1 || bytes > NGramModel.COMPLETION_BYTES) {
            throw usage("--bytes must lie in [1, " + NGramModel.COMPLETION_BYTES + "]");
        }
        byte[] ctx = context != null ? context.getBytes(StandardCharsets.UTF_8)
                : LocalFiles.readBounded(contextFile, CompletionNode.MAX_CONTEXT_BYTES);
        if (ctx.length > CompletionNode.MAX_CONTEXT_BYTES) {
            throw usage("--context has " + ctx.length + " bytes in UTF-8; a context is at most " + CompletionNode.MAX_CONTEXT_BYTES);
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("mode", model != null ? "local" : encrypted ? "node-encrypted" : "node");
        o.put("context", context);
        o.put("contextBytes", ctx.length);
        byte[] out;
        CheckedCompletion checked = null;
        if (model != null) {
            out = GridFiles.isNeuralModel(model) ? org.veilgrid.grid.model.NeuralByteModel.read(model).complete(ctx, bytes)
                    : Arrays.copyOf(NGramModel.read(model).lookup(ctx), bytes);
        } else {
            checked = ask(ctx, o);
            out = Arrays.copyOf(checked.continuation(), bytes);
        }
        boolean kept = checked == null || checked.outcome() == PromiseCheck.Outcome.KEPT;
        if (kept) {
            // A broken promise's answer is withheld everywhere: it is not a result.
            if (outputFile != null) {
                LocalFiles.write(outputFile, out, false);
                o.put("outputFile", outputFile.toString());
            }
            o.put("continuation", new String(out, StandardCharsets.UTF_8));
            o.put("hex", HexFormat.of().formatHex(out));
            o.put("base64", Base64.getEncoder().encodeToString(out));
        }
        var stdout = spec.commandLine().getOut();
        if (json) {
            stdout.println(Json.pretty(o));
        } else {
            if (kept) {
                stdout.println(outputFile != null ? "wrote " + out.length + " continuation bytes to " + outputFile
                        : GridFiles.printable(ctx) + GridFiles.printable(out));
            }
            if (checked != null) {
                stdout.println(kept ? "promise kept by " + nodeName + " (" + checked.promise().price() + " "
                                + checked.promise().currency() + ")" + (answeredBy == null ? "" : "; answered at " + answeredBy)
                        : "promise BROKEN by " + nodeName + " at " + node + ": " + checked.outcome().meaning() + " ("
                                + checked.outcome().label() + "); the answer is withheld");
            }
        }
        return kept ? Main.EXIT_OK : Main.EXIT_FAILED;
    }

    /** Asks the node at --node, pinning its promise key; records who was asked and the verdict in {@code o}. */
    private CheckedCompletion ask(byte[] ctx, Map<String, Object> o) {
        if (roster != null) {
            return askFederated(ctx, o);
        }
        if (dir == null) {
            throw usage("--node host:port needs --dir (the setup folder)");
        }
        GridFiles.checkName(name, "--name");
        GridFiles.checkName(nodeName, "--node-name");
        int colon = node.lastIndexOf(':');
        int port;
        try {
            port = Integer.parseInt(node.substring(colon + 1));
        } catch (RuntimeException e) {
            throw usage("--node must be host:port, got " + GridFiles.printable(node.getBytes(StandardCharsets.UTF_8)));
        }
        String host = node.substring(0, Math.max(0, colon));
        AgentPublicKey pinned = nodeKey != null ? GridFiles.parseNodeKey(nodeKey) : GridFiles.readPromisePublicKey(dir, nodeName);
        TlsIdentity identity = TlsIdentity.load(dir, name);
        o.put("node", node);
        // nodeName is the peer this client means to reach at host:port: its promise key is pinned
        // above, and the clients below refuse a server whose TLS certificate names anyone else.
        o.put("nodeName", nodeName);
        o.put("nodeKey", HexFormat.of().formatHex(pinned.encoded()));
        Consumer<byte[]> dump = dumper(o);
        CheckedCompletion c;
        if (encrypted) {
            c = encrypted(() -> new NeuralCompletionClient(host, port, identity, nodeName, Duration.ofSeconds(60)),
                    () -> new EncryptedCompletionClient(host, port, identity, nodeName, Duration.ofSeconds(60)), ctx, pinned, dump, o);
        } else {
            try (CompletionClient client = new CompletionClient(host, port, identity, nodeName, Duration.ofSeconds(30))) {
                c = client.onRequest(dump).completeChecked(ctx, bytes, pinned);
            }
        }
        return verdict(c, o);
    }

    /**
     * An encrypted completion by whichever model the node serves ({@link EncryptedCompletions}),
     * with progress on stderr and the figures in {@code o}.
     */
    private CheckedCompletion encrypted(java.util.function.Supplier<NeuralCompletionClient> neural,
                                        java.util.function.Supplier<EncryptedCompletionClient> ngram, byte[] ctx,
                                        AgentPublicKey pinned, Consumer<byte[]> dump, Map<String, Object> o) {
        var err = spec.commandLine().getErr();
        EncryptedCompletions.Result r = EncryptedCompletions.complete(neural, ngram, ctx, bytes, pinned, dump,
                new EncryptedCompletions.Progress() {
                    @Override
                    public void keys(int sent, int total) {
                        if (sent == 1 || sent == total || sent % 8 == 0) {
                            err.printf("veil grid complete: uploading evaluation keys %d/%d%n", sent, total);
                            err.flush();
                        }
                    }

                    @Override
                    public void bytes(int done, int total) {
                        err.printf("veil grid complete: encrypted byte %d/%d%n", done, total);
                        err.flush();
                    }
                });
        o.put("protocol", r.protocol());
        o.put("calls", r.calls());
        o.put("queryBytes", r.queryBytes());
        o.put("keyUploadBytes", r.uploadBytes());
        o.put("keyUploadMs", r.keyMillis());
        o.put("completionMs", r.completionMillis());
        err.printf("veil grid complete: %s: %d call(s) in %d ms (%d bytes up per call)%s%n", r.protocol(), r.calls(),
                r.completionMillis(), r.queryBytes(), r.uploadBytes() == 0 ? ""
                        : String.format(java.util.Locale.ROOT, "; evaluation keys %.1f MB uploaded once in %d ms",
                                r.uploadBytes() / 1e6, r.keyMillis()));
        return r.completion();
    }

    /** Records the verdict on a node's promise in {@code o}. */
    private static CheckedCompletion verdict(CheckedCompletion c, Map<String, Object> o) {
        o.put("promise", c.outcome().label());
        o.put("kept", c.outcome() == PromiseCheck.Outcome.KEPT);
        o.put("verdict", c.outcome().meaning());
        if (c.promise() != null) {
            o.put("price", c.promise().price());
            o.put("currency", c.promise().currency());
        }
        return c;
    }

    /** Asks the roster's node --node (or its only one) from this client's own identity folder. */
    private CheckedCompletion askFederated(byte[] ctx, Map<String, Object> o) {
        Roster r = FederationFiles.roster(roster);
        IdentityFolder me = FederationFiles.identity(identity);
        Card card = GridRoster.node(r, node);
        nodeName = card.name(); // the verdict line names the node the roster gave
        node = GridRoster.authority(card);
        o.put("node", node);
        o.put("nodeName", nodeName);
        o.put("nodeKey", HexFormat.of().formatHex(card.statement().agent().encoded()));
        o.put("roster", r.digestHex());
        Consumer<byte[]> dump = dumper(o);
        CheckedCompletion c;
        if (encrypted) {
            String name = nodeName;
            c = encrypted(() -> NeuralCompletionClient.ofRoster(r, me, name, Duration.ofSeconds(60)),
                    () -> EncryptedCompletionClient.ofRoster(r, me, name, Duration.ofSeconds(60)), ctx, null, dump, o);
        } else {
            try (CompletionClient client = CompletionClient.ofRoster(r, me, nodeName, Duration.ofSeconds(30))) {
                client.onAnswer(address -> {
                    if (address instanceof InetSocketAddress a) {
                        answeredBy = a.getAddress().getHostAddress() + ":" + a.getPort();
                        o.put("answeredBy", answeredBy);
                    }
                });
                c = client.onRequest(dump).completeChecked(ctx, bytes);
            }
        }
        return verdict(c, o);
    }

    /** Writes the request to --dump-envelope before it is sent, so it is there even if the node refuses it. */
    private Consumer<byte[]> dumper(Map<String, Object> o) {
        return request -> {
            if (dumpEnvelope != null) {
                LocalFiles.write(dumpEnvelope, request, false);
                o.put("envelopeFile", dumpEnvelope.toString());
                o.put("envelopeBytes", request.length);
            }
        };
    }
}
