package org.veilgrid.examples.cli;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.zk.promise.Claim;
import org.veilgrid.zk.promise.FulfilmentProof;
import org.veilgrid.zk.promise.Promise;
import org.veilgrid.zk.promise.Receipt;
import org.veilgrid.zk.promise.TermOpenings;
import org.veilgrid.zk.promise.TermRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code veil zk promise prove}. */
@Command(name = "prove", mixinStandardHelpOptions = true,
        description = "Prove claims about a promise's and its receipt's committed terms, e.g."
                + " --claim 'receipt.delivered>=promise.quantity' --claim 'receipt.price_paid<=promise.price_limit'"
                + " --claim '100<=promise.price_limit<=300'.")
public final class ZkPromiseProveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--promise", required = true, description = "The promise file.")
    Path promise;

    @Option(names = "--promise-openings", required = true, description = "The promiser's openings file.")
    Path promiseOpenings;

    @Option(names = "--receipt", required = true, description = "The receipt file.")
    Path receipt;

    @Option(names = "--receipt-openings", required = true, description = "The receipt's openings (from the beneficiary).")
    Path receiptOpenings;

    @Option(names = "--claim", required = true, description = "A claim: A>=B, A<=B or LO<=A<=HI, with A, B promise.NAME or receipt.NAME.")
    List<String> claims;

    @Option(names = "--bits", defaultValue = "64", description = "Bit width of the values (8, 16, 32, 64; default ${DEFAULT-VALUE}).")
    int bits;

    @Option(names = "--out", required = true, description = "Proof file to write.")
    Path out;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    static Claim parseClaim(String s, int bits) {
        String t = s.replace(" ", "");
        String[] parts = t.split("<=", -1);
        try {
            if (parts.length == 3) {
                return Claim.inRange(TermRef.parse(parts[1]), Long.parseUnsignedLong(parts[0]),
                        Long.parseUnsignedLong(parts[2]), bits);
            }
            if (parts.length == 2) {
                return Claim.atMost(TermRef.parse(parts[0]), TermRef.parse(parts[1]), bits);
            }
            String[] ge = t.split(">=", -1);
            if (ge.length == 2) {
                return Claim.atLeast(TermRef.parse(ge[0]), TermRef.parse(ge[1]), bits);
            }
        } catch (NumberFormatException e) {
            throw new MalformedInputException("--claim", "'" + s + "': bounds must be unsigned 64-bit integers");
        }
        throw new MalformedInputException("--claim", "'" + s + "' is not A>=B, A<=B or LO<=A<=HI");
    }

    @Override
    public Integer call() {
        Promise p = Promise.fromBytes(ZkFiles.read(promise));
        Receipt r = Receipt.fromBytes(ZkFiles.read(receipt));
        List<Claim> cs = new ArrayList<>();
        for (String c : claims) {
            cs.add(parseClaim(c, bits));
        }
        FulfilmentProof proof = FulfilmentProof.prove(p, TermOpenings.fromBytes(ZkFiles.read(promiseOpenings)), r,
                TermOpenings.fromBytes(ZkFiles.read(receiptOpenings)), cs, new SecureRandom());
        byte[] bytes = proof.toBytes();
        ZkFiles.write(out, bytes, false);
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("proof", out.toString());
            m.put("claims", cs.stream().map(Claim::describe).toList());
            m.put("bytes", bytes.length);
            spec.commandLine().getOut().println(Json.pretty(m));
        } else {
            spec.commandLine().getOut().printf("proved %d claim(s) in %s (%,d bytes)%n", cs.size(), out, bytes.length);
        }
        return Main.EXIT_OK;
    }
}
