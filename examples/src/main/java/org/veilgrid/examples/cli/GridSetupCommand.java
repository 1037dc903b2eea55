package org.veilgrid.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.veilgrid.core.tls.CertificateAuthority;
import org.veilgrid.core.tls.TlsRole;

/** {@code veil grid setup}: a local CA and identities for nodes and clients. */
@Command(name = "setup", mixinStandardHelpOptions = true,
        description = {"Create a folder with a local CA and TLS identities node-0.. and client-0.. for a local grid,",
            "and each node's promise key as PEM files (NAME.promise.key, secret, owner-only; NAME.promise.pub,",
            "which clients pin).",
            "LOCAL DEMO ONLY: one folder holds every participant's secret keys. Between participants who each make "
                + "their own identity: veil identity init, veil roster add, veil grid node --roster (docs/deploy.md)."})
public final class GridSetupCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LocalDemoOption localDemo;

    @Option(names = "--dir", required = true, description = "Folder to create (must not exist or be empty).")
    Path dir;

    @Option(names = "--nodes", defaultValue = "1", description = "Node identities (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--clients", defaultValue = "1", description = "Client identities (default ${DEFAULT-VALUE}).")
    int clients;

    @Override
    public Integer call() throws Exception {
        localDemo.require();
        if (nodes < 1 || nodes > 64 || clients < 1 || clients > 1024) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--nodes must lie in [1, 64], --clients in [1, 1024]");
        }
        if (Files.exists(dir) && (!Files.isDirectory(dir) || Files.list(dir).findAny().isPresent())) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), dir + " exists and is not an empty folder");
        }
        Files.createDirectories(dir);
        CertificateAuthority ca = CertificateAuthority.create("Veilgrid grid local CA");
        ca.save(dir);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            names.add("node-" + i);
        }
        for (int i = 0; i < clients; i++) {
            names.add("client-" + i);
        }
        for (String n : names) {
            ca.issue(n, n.startsWith("node-") ? TlsRole.SERVER : TlsRole.CLIENT).save(dir);
        }
        java.security.SecureRandom rng = new java.security.SecureRandom();
        for (int i = 0; i < nodes; i++) {
            GridFiles.writePromiseKey(dir, "node-" + i, org.veilgrid.core.identity.AgentKey.generate(rng));
        }
        spec.commandLine().getOut().printf("set up %s: CA, identities %s, promise keys of node-0..node-%d%n", dir, names, nodes - 1);
        return Main.EXIT_OK;
    }
}
