package org.veilgrid.examples.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

/**
 * {@code veil zk promise verify}: from public files only, against the claims the verifier
 * requires (the prover chooses what it proves, so "some valid proof" would mean nothing). Exit
 * 1 when the proof does not verify or proves other claims.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verify that a fulfilment proof proves exactly the required claims (--claim) about the promise"
                + " and the receipt (public data only). Exit 0 if it does, 1 if not.")
public final class ZkPromiseVerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--promise", required = true, description = "The promise file.")
    Path promise;

    @Option(names = "--receipt", required = true, description = "The receipt file.")
    Path receipt;

    @Option(names = "--proof", required = true, description = "The fulfilment proof file.")
    Path proof;

    @Option(names = "--claim", required = true, description = "A claim the proof must prove, repeatable; the proof"
            + " must prove these and no others (in any order, any bit width). Same syntax as `prove`: A>=B, A<=B,"
            + " LO<=A<=HI or A==other.NAME.")
    List<String> claims;

    @Option(names = "--other-promise", description = "Another party's promise, for A==other.NAME claims.")
    Path otherPromise;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        // Reading a promise or receipt verifies its signature: a bad signature is a failed
        // verification (exit 1), a malformed file a usage error (exit 2).
        String failure = null;
        Promise p = null;
        List<Claim> required = new ArrayList<>();
        try {
            p = ZkFiles.readPromise(promise);
            Receipt r = ZkFiles.readReceipt(receipt);
            FulfilmentProof f = ZkFiles.readProof(proof);
            Promise other = otherPromise == null ? null : ZkFiles.readPromise(otherPromise);
            for (String c : claims) {
                // the bit width is the prover's choice and not compared (Claim.sameStatement)
                required.add(ZkPromiseProveCommand.parseClaim(c, 64, other));
            }
            f.verify(p, r, required);
        } catch (VerificationFailedException e) {
            failure = e.getMessage();
        }
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ok", failure == null);
            m.put("claims", required.stream().map(Claim::describe).toList());
            if (p != null) {
                m.put("publicTerms", p.publicTerms());
            }
            if (failure != null) {
                m.put("failure", failure);
            }
            spec.commandLine().getOut().println(Json.pretty(m));
        } else if (failure == null) {
            spec.commandLine().getOut().printf("VERIFIED: promise kept (%d claim(s): %s)%n", required.size(),
                    String.join("; ", required.stream().map(Claim::describe).toList()));
        } else {
            spec.commandLine().getOut().println("NOT VERIFIED: " + failure);
        }
        return failure == null ? Main.EXIT_OK : Main.EXIT_FAILED;
    }
}
