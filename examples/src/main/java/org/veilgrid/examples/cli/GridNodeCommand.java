package org.veilgrid.examples.cli;

import io.grpc.Server;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.veilgrid.core.tls.TlsIdentity;
import org.veilgrid.grid.model.NGramModel;
import org.veilgrid.grid.node.CompletionNode;

/** {@code veil grid node}: serve byte completions from a model, in the clear and encrypted. */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = {"Serve byte completions from a model over gRPC with mutual TLS, in the clear and encrypted",
            "(BFV), each answer with a promise and receipt signed by this node's promise key from the",
            "setup folder (NAME.promise.key, a PEM file). Requests and answers are grid envelopes",
            "(docs/protocols). Prints the port and the public key; runs until stopped."})
public final class GridNodeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, description = "Folder made by 'veil grid setup'.")
    Path dir;

    @Option(names = "--name", defaultValue = "node-0",
            description = "This node's identity in the setup folder: its TLS identity and promise key (default ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--model", required = true, description = "Model file from 'veil grid train'.")
    Path model;

    @Option(names = "--port", defaultValue = "0", description = "Port on 127.0.0.1 (default: any free one, printed).")
    int port;

    @Option(names = "--seconds", defaultValue = "0", description = "Stop after this many seconds (0: run until killed).")
    int seconds;

    @Override
    public Integer call() throws Exception {
        GridFiles.checkName(name, "--name");
        NGramModel m = NGramModel.read(model);
        // The key clients pin for this node: without it its promises could not be told from anyone's.
        org.veilgrid.core.identity.AgentKey key = GridFiles.readPromiseKey(dir, name);
        TlsIdentity identity = TlsIdentity.load(dir, name);
        // Promises 1 VEIL an answer within 10 s: room for an encrypted evaluation on a busy machine.
        CompletionNode node = new CompletionNode(m, key, 1, "VEIL", 10_000, CompletionNode.Conduct.HONEST);
        Server server = node.start(new InetSocketAddress("127.0.0.1", port), identity);
        var err = spec.commandLine().getErr();
        err.println("veil grid node: " + name + " listening on 127.0.0.1:" + server.getPort() + " (" + m
                + "; promise key " + java.util.HexFormat.of().formatHex(key.publicKey().encoded()) + ", fingerprint "
                + key.publicKey().fingerprint() + "; requests up to "
                + node.maxRequestBytes() + " bytes)");
        err.flush();
        try {
            if (seconds > 0) {
                server.awaitTermination(seconds, java.util.concurrent.TimeUnit.SECONDS);
            } else {
                server.awaitTermination();
            }
        } finally {
            org.veilgrid.core.tls.MutualTls.stop(server);
        }
        spec.commandLine().getOut().printf("served %d completion(s)%n", node.served());
        return Main.EXIT_OK;
    }
}
