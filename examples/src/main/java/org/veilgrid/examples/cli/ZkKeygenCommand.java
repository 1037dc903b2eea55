package org.veilgrid.examples.cli;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.veilgrid.core.io.LocalFiles;
import org.veilgrid.zk.promise.AgentKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code veil zk keygen}: an agent's Ed25519 key pair. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Make an agent's Ed25519 signing key: PREFIX.key (secret, owner-only) and PREFIX.pub.")
public final class ZkKeygenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, description = "Path prefix of the two files.")
    Path out;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        AgentKeys k = AgentKeys.generate(new SecureRandom());
        Path key = Path.of(out + ".key");
        Path pub = Path.of(out + ".pub");
        LocalFiles.write(key, k.seed(), true);
        LocalFiles.write(pub, k.publicKey(), false);
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", key.toString());
            m.put("public", pub.toString());
            m.put("publicKey", ZkFiles.hex(k.publicKey()));
            spec.commandLine().getOut().println(Json.pretty(m));
        } else {
            spec.commandLine().getOut().printf("wrote %s (secret) and %s; public key %s%n", key, pub, ZkFiles.hex(k.publicKey()));
        }
        return Main.EXIT_OK;
    }
}
