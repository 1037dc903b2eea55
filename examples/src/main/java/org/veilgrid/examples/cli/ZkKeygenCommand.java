package org.veilgrid.examples.cli;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.io.LocalFiles;
import org.veilgrid.core.identity.AgentKeyFile;
import org.veilgrid.core.identity.AgentKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code veil zk keygen}: an agent's Ed25519 key pair, as PEM files that say which is which
 * ({@link AgentKeyFile}). Existing files are kept unless --force; a secret is never written
 * through a symbolic link.
 */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Make an agent's Ed25519 signing key: PREFIX.key (secret, PEM \"PRIVATE KEY\", owner-only) and"
                + " PREFIX.pub (PEM \"PUBLIC KEY\"). Refuses to replace existing files unless --force.")
public final class ZkKeygenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, description = "Path prefix of the two files.")
    Path out;

    @Option(names = "--force", description = "Replace existing PREFIX.key and PREFIX.pub (the old key is lost).")
    boolean force;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        Path key = Path.of(out + ".key");
        Path pub = Path.of(out + ".pub");
        if (!force) {
            // check both first, so that a refusal leaves no half-written pair
            for (Path p : new Path[] {key, pub}) {
                if (LocalFiles.exists(p)) {
                    throw new ParameterException(LocalFiles.printable(p) + " already exists; refusing to replace it"
                            + " (the key in it would be lost); pass --force to replace it");
                }
            }
        }
        AgentKey k = AgentKey.generate(new SecureRandom());
        if (force) {
            LocalFiles.write(key, AgentKeyFile.encodeSecret(k), true);
            LocalFiles.write(pub, AgentKeyFile.encodePublic(k.publicKey()), false);
        } else {
            LocalFiles.writeNew(key, AgentKeyFile.encodeSecret(k), true);
            LocalFiles.writeNew(pub, AgentKeyFile.encodePublic(k.publicKey()), false);
        }
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", key.toString());
            m.put("public", pub.toString());
            m.put("publicKey", ZkFiles.hex(k.publicKey().encoded()));
            m.put("fingerprint", k.publicKey().fingerprint().hex());
            spec.commandLine().getOut().println(Json.pretty(m));
        } else {
            spec.commandLine().getOut().printf("wrote %s (secret) and %s; public key %s (fingerprint %s)%n", key, pub,
                    ZkFiles.hex(k.publicKey().encoded()), k.publicKey().fingerprint());
        }
        return Main.EXIT_OK;
    }
}
