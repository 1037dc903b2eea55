package org.veilgrid.examples.cli;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.io.LocalFiles;
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

    @Option(names = "--claim", required = true, description = "A claim: A>=B, A<=B, LO<=A<=HI or A==other.NAME, with A, B"
            + " promise.NAME or receipt.NAME; other.NAME is a term of --other-promise.")
    List<String> claims;

    @Option(names = "--other-promise", description = "Another party's promise, for A==other.NAME claims.")
    Path otherPromise;

    @Option(names = "--other-openings", description = "That party's openings (shared with you), for A==other.NAME claims.")
    Path otherOpenings;

    @Option(names = "--bits", defaultValue = "64", description = "Bit width of the values (8, 16, 32, 64; default ${DEFAULT-VALUE}).")
    int bits;

    @Option(names = "--out", required = true, description = "Proof file to write.")
    Path out;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    static Claim parseClaim(String s, int bits) {
        return parseClaim(s, bits, null);
    }

    /** @param other the other party's promise for A==other.NAME claims, or null */
    static Claim parseClaim(String s, int bits, Promise other) {
        String t = s.replace(" ", "");
        String[] eq = t.split("==", -1);
        if (eq.length == 2) {
            if (!eq[1].startsWith("other.") || eq[1].length() == "other.".length()) {
                throw new MalformedInputException("--claim", "'" + s + "': the right side of == must be other.NAME");
            }
            if (other == null) {
                throw new MalformedInputException("--claim", "'" + s + "' needs --other-promise");
            }
            String name = eq[1].substring("other.".length());
            org.veilgrid.zk.promise.CommittedTerm term = other.term(name);
            if (term == null) {
                throw new MalformedInputException("--claim", "'" + s + "': the other promise has no committed term '"
                        + name + "'");
            }
            return Claim.equalsCommitment(TermRef.parse(eq[0]), term.commitment());
        }
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
        throw new MalformedInputException("--claim", "'" + s + "' is not A>=B, A<=B, LO<=A<=HI or A==other.NAME");
    }

    @Override
    public Integer call() {
        Promise p = ZkFiles.readPromise(promise);
        Receipt r = ZkFiles.readReceipt(receipt);
        Promise other = otherPromise == null ? null : ZkFiles.readPromise(otherPromise);
        TermOpenings theirs = otherOpenings == null ? null : ZkFiles.readOpenings(otherOpenings);
        List<Claim> cs = new ArrayList<>();
        List<org.veilgrid.zk.group.Scalar> blindings = new ArrayList<>();
        for (String c : claims) {
            Claim claim = parseClaim(c, bits, other);
            if (claim.kind() == Claim.Kind.EQUALS) {
                if (theirs == null) {
                    throw new MalformedInputException("--claim", "'" + c + "' needs --other-openings");
                }
                String name = c.replace(" ", "").split("==")[1].substring("other.".length());
                blindings.add(theirs.get(name).blinding());
            }
            cs.add(claim);
        }
        FulfilmentProof proof = FulfilmentProof.prove(p, ZkFiles.readOpenings(promiseOpenings), r,
                ZkFiles.readOpenings(receiptOpenings), cs, blindings, new SecureRandom());
        byte[] bytes = proof.toBytes();
        LocalFiles.write(out, bytes, false);
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
