package org.veilgrid.examples.cli;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.zk.bulletproofs.RangeProofBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code veil zk range verify}. Exit 1 when the proof does not verify. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verify a range proof file; with --commitment, also require the commitments to be these."
                + " Exit 0 if it verifies, 1 if not.")
public final class ZkRangeVerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--in", required = true, description = "Proof file from `veil zk range prove`.")
    Path in;

    @Option(names = "--commitment", split = ",", description = "Expected commitments (hex), in order.")
    List<String> expected;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        RangeProofBundle b = ZkFiles.readRangeProof(in);
        List<String> got = java.util.Arrays.stream(b.commitments()).map(c -> ZkFiles.hex(c.encode())).toList();
        String failure = null;
        if (expected != null) {
            for (String e : expected) {
                if (e.length() != 64 || !e.matches("[0-9a-fA-F]+")) {
                    throw new MalformedInputException("--commitment", "'" + e + "' is not 64 hex digits");
                }
            }
            List<String> norm = expected.stream().map(e -> HexFormat.of().formatHex(HexFormat.of().parseHex(e))).toList();
            if (!norm.equals(got)) {
                failure = "the proof is about other commitments than the expected ones";
            }
        }
        if (failure == null) {
            try {
                b.verify();
            } catch (VerificationFailedException e) {
                failure = e.getMessage();
            }
        }
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ok", failure == null);
            m.put("bits", b.params().bits());
            m.put("values", b.params().values());
            m.put("commitments", got);
            if (failure != null) {
                m.put("failure", failure);
            }
            spec.commandLine().getOut().println(Json.pretty(m));
        } else if (failure == null) {
            spec.commandLine().getOut().printf("VERIFIED: %d committed value(s) in [0, 2^%d)%n", b.params().values(),
                    b.params().bits());
        } else {
            spec.commandLine().getOut().println("NOT VERIFIED: " + failure);
        }
        return failure == null ? Main.EXIT_OK : Main.EXIT_FAILED;
    }
}
