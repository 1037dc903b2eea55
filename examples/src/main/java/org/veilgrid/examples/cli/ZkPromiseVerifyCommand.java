package org.veilgrid.examples.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.zk.promise.Claim;
import org.veilgrid.zk.promise.FulfilmentProof;
import org.veilgrid.zk.promise.Promise;
import org.veilgrid.zk.promise.Receipt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code veil zk promise verify}: from public files only. Exit 1 when the proof does not verify. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verify a fulfilment proof against the promise and the receipt (public data only)."
                + " Exit 0 if it verifies, 1 if not.")
public final class ZkPromiseVerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--promise", required = true, description = "The promise file.")
    Path promise;

    @Option(names = "--receipt", required = true, description = "The receipt file.")
    Path receipt;

    @Option(names = "--proof", required = true, description = "The fulfilment proof file.")
    Path proof;

    @Option(names = "--other-promise", description = "Another party's promise: == claims must refer to its commitments.")
    Path otherPromise;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        Promise p = Promise.fromBytes(ZkFiles.read(promise));
        Receipt r = Receipt.fromBytes(ZkFiles.read(receipt));
        FulfilmentProof f = FulfilmentProof.fromBytes(ZkFiles.read(proof));
        String failure = null;
        try {
            f.verify(p, r);
            if (otherPromise != null) {
                Promise other = Promise.fromBytes(ZkFiles.read(otherPromise));
                other.verifySignature();
                for (Claim c : f.claims()) {
                    if (c.kind() == Claim.Kind.EQUALS
                            && other.terms().stream().noneMatch(t -> t.commitment().equals(c.external()))) {
                        throw new VerificationFailedException("claim " + c.describe() + " refers to a commitment that is not in "
                                + otherPromise);
                    }
                }
            }
        } catch (VerificationFailedException e) {
            failure = e.getMessage();
        }
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ok", failure == null);
            m.put("claims", f.claims().stream().map(Claim::describe).toList());
            m.put("publicTerms", p.publicTerms());
            if (failure != null) {
                m.put("failure", failure);
            }
            spec.commandLine().getOut().println(Json.pretty(m));
        } else if (failure == null) {
            spec.commandLine().getOut().printf("VERIFIED: promise kept (%d claim(s): %s)%n", f.claims().size(),
                    String.join("; ", f.claims().stream().map(Claim::describe).toList()));
        } else {
            spec.commandLine().getOut().println("NOT VERIFIED: " + failure);
        }
        return failure == null ? Main.EXIT_OK : Main.EXIT_FAILED;
    }
}
