package org.veilgrid.examples.cli;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.veilgrid.core.io.LocalFiles;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.core.identity.AgentPublicKey;
import org.veilgrid.zk.promise.CommittedTerm;
import org.veilgrid.zk.promise.Promise;
import org.veilgrid.zk.promise.TermOpenings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code veil zk promise make}. */
@Command(name = "make", mixinStandardHelpOptions = true,
        description = "Sign a promise with public terms and committed private terms; keep the openings secret.")
public final class ZkPromiseMakeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--key", required = true, description = "The promiser's key file (from `veil zk keygen`).")
    Path key;

    @Option(names = "--beneficiary", required = true, description = "The beneficiary's public key file (NAME.pub;"
            + " a secret key file is refused).")
    Path beneficiary;

    @Option(names = "--terms", required = true, description = "Public terms (text).")
    String terms;

    @Option(names = "--commit", description = "A private term NAME=VALUE (unsigned 64-bit), repeatable."
            + " Visible to other users in the process list: prefer --commit-file.")
    List<String> commit;

    @Option(names = "--commit-file", paramLabel = "FILE", description = "Private terms NAME=VALUE, separated by"
            + " newlines, spaces or commas (# starts a comment); - reads standard input.")
    String commitFile;

    @Option(names = "--out", required = true, description = "Promise file to write.")
    Path out;

    @Option(names = "--openings", required = true, description = "Openings file to write (secret, owner-only).")
    Path openings;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        SecureRandom rng = new SecureRandom();
        AgentKey promiser = ZkFiles.readSecretKey(key);
        AgentPublicKey beneficiaryKey = ZkFiles.readPublicKey(beneficiary);
        List<String> pairs = commit == null && commitFile == null ? List.of()
                : ZkFiles.values(commit, "--commit", commitFile, "--commit-file", "[,\\s]+");
        TermOpenings o = TermOpenings.commit(ZkFiles.parseTerms(pairs, commit != null ? "--commit" : "--commit-file"), rng);
        Promise p = Promise.make(promiser, beneficiaryKey, terms, o.commitments(), Instant.now().getEpochSecond(), rng);
        LocalFiles.write(openings, o.toBytes(), true);
        LocalFiles.write(out, p.toBytes(), false);
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("promise", out.toString());
            m.put("digest", ZkFiles.hex(p.digest()));
            m.put("committedTerms", p.terms().stream().map(CommittedTerm::name).toList());
            m.put("bytes", p.toBytes().length);
            spec.commandLine().getOut().println(Json.pretty(m));
        } else {
            spec.commandLine().getOut().printf("promise %s signed with %d committed term(s); digest %s%n", out,
                    p.terms().size(), ZkFiles.hex(p.digest()));
        }
        return Main.EXIT_OK;
    }
}
