package org.veilgrid.examples.cli;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.io.LocalFiles;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.zk.promise.Promise;
import org.veilgrid.zk.promise.Receipt;
import org.veilgrid.zk.promise.TermOpenings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code veil zk promise receipt}: the beneficiary signs what it received. */
@Command(name = "receipt", mixinStandardHelpOptions = true,
        description = "As the beneficiary, sign a receipt for a promise with committed terms (e.g. delivered, price_paid);"
                + " hand the openings file to the promiser.")
public final class ZkPromiseReceiptCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--key", required = true, description = "The beneficiary's key file.")
    Path key;

    @Option(names = "--promise", required = true, description = "The promise file.")
    Path promise;

    @Option(names = "--note", defaultValue = "", description = "Public remarks (text).")
    String note;

    @Option(names = "--commit", description = "A private term NAME=VALUE (unsigned 64-bit), repeatable."
            + " Visible to other users in the process list: prefer --commit-file.")
    List<String> commit;

    @Option(names = "--commit-file", paramLabel = "FILE", description = "Private terms NAME=VALUE, separated by"
            + " newlines, spaces or commas (# starts a comment); - reads standard input.")
    String commitFile;

    @Option(names = "--out", required = true, description = "Receipt file to write.")
    Path out;

    @Option(names = "--openings", required = true, description = "Openings file to write (secret, owner-only).")
    Path openings;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        AgentKey beneficiary = ZkFiles.readSecretKey(key);
        Promise p = ZkFiles.readPromise(promise); // verified as it is read
        if (!p.beneficiary().equals(beneficiary.publicKey())) {
            throw new ParameterException("the promise is made to key " + p.beneficiary().fingerprint() + ", not to "
                    + beneficiary.publicKey().fingerprint() + " of " + LocalFiles.printable(key)
                    + "; only the beneficiary signs its receipt");
        }
        List<String> pairs = commit == null && commitFile == null ? List.of()
                : ZkFiles.values(commit, "--commit", commitFile, "--commit-file", "[,\\s]+");
        TermOpenings o = TermOpenings.commit(ZkFiles.parseTerms(pairs, commit != null ? "--commit" : "--commit-file"),
                new SecureRandom());
        Receipt r = Receipt.make(beneficiary, p, note, o.commitments(), Instant.now().getEpochSecond());
        r.verifyFor(p);
        LocalFiles.write(openings, o.toBytes(), true);
        LocalFiles.write(out, r.toBytes(), false);
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("receipt", out.toString());
            m.put("digest", ZkFiles.hex(r.digest()));
            m.put("promiseDigest", ZkFiles.hex(p.digest()));
            spec.commandLine().getOut().println(Json.pretty(m));
        } else {
            spec.commandLine().getOut().printf("receipt %s signed for promise %s%n", out, ZkFiles.hex(p.digest()));
        }
        return Main.EXIT_OK;
    }
}
