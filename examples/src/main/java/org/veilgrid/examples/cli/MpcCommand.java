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
