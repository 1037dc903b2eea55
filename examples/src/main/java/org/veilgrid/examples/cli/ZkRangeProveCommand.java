package org.veilgrid.examples.cli;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.io.LocalFiles;
import org.veilgrid.zk.bulletproofs.RangeParameters;
import org.veilgrid.zk.bulletproofs.RangeProofBundle;
import org.veilgrid.zk.bulletproofs.RangeProver;
import org.veilgrid.zk.group.RistrettoPoint;
import org.veilgrid.zk.promise.TermOpenings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code veil zk range prove}. */
@Command(name = "prove", mixinStandardHelpOptions = true,
        description = "Commit to values and prove each lies in [0, 2^bits) with one aggregated proof"
                + " (the count must be 1, 2, 4, ..., 64).")
public final class ZkRangeProveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--values", split = ",", description = "Comma-separated unsigned integers. Visible to other users"
            + " in the process list: prefer --values-file.")
    List<String> values;

    @Option(names = "--values-file", paramLabel = "FILE", description = "Unsigned integers separated by commas,"
            + " spaces or newlines (# starts a comment); - reads standard input.")
    String valuesFile;

    @Option(names = "--bits", defaultValue = "64", description = "8, 16, 32 or 64 (default ${DEFAULT-VALUE}).")
    int bits;

    @Option(names = "--out", required = true, description = "Proof file (commitments and proof) to write.")
    Path out;

    @Option(names = "--openings", description = "Openings file to write (secret): values and blindings, named v0, v1, ...")
    Path openings;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        List<String> values = ZkFiles.values(this.values, "--values", valuesFile, "--values-file", "[,\\s]+");
        String option = this.values != null ? "--values" : "--values-file";
        RangeParameters p = new RangeParameters(bits, values.size());
        Map<String, Long> named = new LinkedHashMap<>();
        for (int i = 0; i < values.size(); i++) {
            try {
                named.put("v" + i, Long.parseUnsignedLong(values.get(i).trim()));
            } catch (NumberFormatException e) {
                // the text may be a private value: say where, not what
                throw new MalformedInputException(option + " value " + (i + 1), "is not an unsigned 64-bit integer");
            }
        }
        SecureRandom rng = new SecureRandom();
        TermOpenings o = TermOpenings.commit(named, rng);
        long[] v = new long[values.size()];
        org.veilgrid.zk.group.Scalar[] g = new org.veilgrid.zk.group.Scalar[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = o.get("v" + i).value();
            g[i] = o.get("v" + i).blinding();
        }
        for (int i = 0; i < v.length; i++) {
            if (bits < 64 && (v[i] >>> bits) != 0) {
                throw new MalformedInputException(option + " value " + (i + 1), "does not fit in " + bits + " bits");
            }
        }
        RangeProver.Output r = RangeProver.prove(p, v, g, rng);
        byte[] bytes = new RangeProofBundle(p, r.commitments(), r.proof()).toBytes();
        LocalFiles.write(out, bytes, false);
        if (openings != null) {
            LocalFiles.write(openings, o.toBytes(), true);
        }
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", out.toString());
            m.put("bits", bits);
            m.put("values", values.size());
            m.put("proofBytes", p.proofLength());
            m.put("commitments", java.util.Arrays.stream(r.commitments()).map(c -> ZkFiles.hex(c.encode())).toList());
            spec.commandLine().getOut().println(Json.pretty(m));
        } else {
            spec.commandLine().getOut().printf("proved %d value(s) in [0, 2^%d) in %s (proof %d bytes)%n", v.length, bits,
                    out, p.proofLength());
            for (RistrettoPoint c : r.commitments()) {
                spec.commandLine().getOut().println("  commitment " + ZkFiles.hex(c.encode()));
            }
        }
        return Main.EXIT_OK;
    }
}
