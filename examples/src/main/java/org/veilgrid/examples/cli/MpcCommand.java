package org.veilgrid.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code veil mpc}: the n-party honest-majority MPC engine. */
@Command(name = "mpc", mixinStandardHelpOptions = true,
        description = "Secure multiparty computation between parties over mutual-TLS gRPC (docs/mpc.md).",
        subcommands = {MpcSetupCommand.class, MpcPartyCommand.class, MpcDemoCommand.class, MpcBenchCommand.class})
public final class MpcCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return Main.EXIT_OK;
    }

    /** Longest values file read. */
    static final int MAX_VALUES_FILE = 16 << 20;

    /**
     * Reads integers separated by commas, spaces or line breaks from a file, or from standard
     * input for {@code "-"}, so that private values need not appear on a command line. A bad
     * entry is reported by position only: the file holds private values.
     */
    static long[] readValues(String file) {
        byte[] bytes;
        String where = file.equals("-") ? "standard input" : file;
        if (file.equals("-")) {
            try {
                bytes = System.in.readNBytes(MAX_VALUES_FILE + 1);
            } catch (java.io.IOException e) {
                throw new org.veilgrid.core.errors.ParameterException("cannot read standard input: " + e.getMessage());
            }
            if (bytes.length > MAX_VALUES_FILE) {
                throw new org.veilgrid.core.errors.MalformedInputException(where, "more than " + MAX_VALUES_FILE + " bytes");
            }
        } else {
            bytes = org.veilgrid.core.io.LocalFiles.readBounded(java.nio.file.Path.of(file), MAX_VALUES_FILE);
        }
        String[] lines = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).split("\n", -1);
        java.util.List<Long> out = new java.util.ArrayList<>();
        for (int l = 0; l < lines.length; l++) {
            String[] tokens = lines[l].split("[,\\s]+");
            int column = 0;
            for (String t : tokens) {
                if (t.isEmpty()) {
                    continue;
                }
                column++;
                try {
                    out.add(Long.parseLong(t));
                } catch (NumberFormatException e) {
                    throw new org.veilgrid.core.errors.MalformedInputException(where + ":" + (l + 1),
                            "value " + column + " of the line is not a 64-bit integer");
                }
            }
        }
        if (out.isEmpty()) {
            throw new org.veilgrid.core.errors.MalformedInputException(where, "holds no values");
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** Parses "5,-2,7" into longs, refusing anything else with a reason. */
    static long[] parseValues(CommandSpec spec, String option, String text) {
        String[] parts = text.split(",", -1);
        long[] out = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Long.parseLong(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        option + ": '" + parts[i].trim() + "' is not a 64-bit integer");
            }
        }
        return out;
    }
}
