package org.veilgrid.examples.cli;

import io.grpc.Server;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.veilgrid.core.federation.IdentityFolder;
import org.veilgrid.core.federation.Roster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.veilgrid.core.tls.TlsIdentity;
import org.veilgrid.fhe.Parallelism;
import org.veilgrid.grid.encrypted.NeuralNodeService;
import org.veilgrid.grid.model.NGramModel;
import org.veilgrid.grid.model.NeuralByteModel;
import org.veilgrid.grid.node.CompletionNode;

/** {@code veil grid node}: serve byte completions from a model, in the clear and encrypted. */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = {"Serve byte completions from a model over gRPC with mutual TLS, in the clear and encrypted",
            "(BFV), each answer with a promise and receipt signed by this node's key. In a federation",
            "(--identity and --roster) the key is the identity folder's agent key, the one on its card;",
            "TLS trusts exactly the roster's certificates and only its grid clients are served. A card",
            "listing several addresses is a node run as replicas: start one process per address, each",
            "from a copy of the folder, with --listen. With a setup folder (--dir; a local demo) the",
            "key is NAME.promise.key. Requests and answers are grid envelopes (docs/protocols). Prints",
            "where it listens and the public key; runs until stopped."})
public final class GridNodeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", description = "Folder made by 'veil grid setup' (a local demo; or use --identity/--roster).")
    Path dir;

    @Option(names = "--identity", paramLabel = "DIR", description = {"This node's own identity folder (veil identity",
        "init --role grid-node); with --roster, instead of --dir. Replicas run from copies of it."})
    Path identity;

    @Option(names = "--roster", paramLabel = "FILE", description = {"The federation's roster (veil roster add): TLS",
        "trusts exactly its certificates, callers must hold it and be its grid clients."})
    Path roster;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = {"With --roster: bind here instead of the card's",
        "address and port; each replica of a card with several addresses binds its own."})
    String listen;

    @Option(names = "--name", defaultValue = "node-0",
            description = "With --dir: this node's identity in the setup folder, its TLS identity and promise key (default ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--model", required = true, description = {"Model file from 'veil grid train': an n-gram model,",
            "or a neural one (its weights file; encrypted next bytes are then evaluated under CKKS)."})
    Path model;

    @Option(names = "--key-sets", defaultValue = "4", description = {"Neural model: clients' evaluation keys kept at once",
            "(about 0.2 GB each; the least recently used are evicted; default ${DEFAULT-VALUE})."})
    int keySets;

    @Option(names = "--port", defaultValue = "0", description = "With --dir: port on 127.0.0.1 (default: any free one, printed).")
    int port;

    @Option(names = "--seconds", defaultValue = "0", description = "Stop after this many seconds (0: run until killed).")
    int seconds;

    private boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    @Override
    public Integer call() throws Exception {
        boolean federated = identity != null || roster != null;
        if (federated == (dir != null) || (federated && (identity == null || roster == null))) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give either --identity and --roster, or --dir");
        }
        for (String option : federated ? List.of("--name", "--port") : List.of("--listen")) {
            if (given(option)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), option + (federated
                        ? " goes with --dir: with --roster the node is the identity folder's, at its card's address (or --listen)"
                        : " goes with --roster: a setup folder's node listens on 127.0.0.1 (--port)"));
            }
        }
        String word = model.toString();
        if ((word.equals("neural") || word.equals("ngram")) && !java.nio.file.Files.exists(model)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--model takes the model file from 'veil grid"
                    + " train' (trained with --model " + word + "); its kind is read from the file");
        }
        boolean neural = GridFiles.isNeuralModel(model);
        NGramModel m = neural ? null : NGramModel.read(model);
        NeuralNodeService service = null;
        String described;
        if (neural) {
            NeuralByteModel weights = NeuralByteModel.read(model);
            spec.commandLine().getErr().println("veil grid node: preparing the neural model for encrypted evaluation"
                    + " (weights encoded, flood calibrated)...");
            service = new NeuralNodeService(weights, Parallelism.singleThread(), keySets);
            described = "neural model, " + weights.contextBytes() + " context bytes, " + weights.hiddenUnits()
                    + " hidden units; encrypted next bytes under CKKS N = 16384, flood 2^" + service.model().floodBits()
                    + "; up to " + keySets + " clients' keys";
        } else {
            described = String.valueOf(m);
        }
        CompletionNode node;
        Server server;
        String where;
        String who;
        org.veilgrid.core.identity.AgentPublicKey key;
        if (federated) {
            Roster r = FederationFiles.roster(roster);
            IdentityFolder folder = FederationFiles.identity(identity);
            // Promises 1 VEIL an answer within 10 s: room for an encrypted evaluation on a busy machine.
            node = neural ? CompletionNode.ofRoster(service, r, folder, 1, "VEIL", 10_000)
                    : CompletionNode.ofRoster(m, r, folder, 1, "VEIL", 10_000);
            server = node.start(listen == null ? null : HostPort.parse("--listen", listen));
            InetSocketAddress bound = (InetSocketAddress) server.getListenSockets().get(0);
            where = bound.getAddress().getHostAddress() + ":" + bound.getPort();
            who = folder.card().name() + " (roster " + r.shortDigest() + ")";
            key = folder.agentKey().publicKey();
        } else {
            GridFiles.checkName(name, "--name");
            // The key clients pin for this node: without it its promises could not be told from anyone's.
            org.veilgrid.core.identity.AgentKey promiseKey = GridFiles.readPromiseKey(dir, name);
            TlsIdentity tls = TlsIdentity.load(dir, name);
            node = neural ? CompletionNode.neural(service, promiseKey, 1, "VEIL", 10_000, CompletionNode.Conduct.HONEST)
                    : new CompletionNode(m, promiseKey, 1, "VEIL", 10_000, CompletionNode.Conduct.HONEST);
            server = node.start(new InetSocketAddress("127.0.0.1", port), tls);
            where = "127.0.0.1:" + server.getPort();
            who = name;
            key = promiseKey.publicKey();
        }
        var err = spec.commandLine().getErr();
        err.println("veil grid node: " + who + " listening on " + where + " (" + described
                + "; promise key " + java.util.HexFormat.of().formatHex(key.encoded()) + ", fingerprint "
                + key.fingerprint() + "; requests up to "
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
