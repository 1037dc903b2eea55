package org.veilgrid.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code veil zk range}: Bulletproofs range proofs. */
@Command(name = "range", mixinStandardHelpOptions = true,
        description = "Bulletproofs range proofs: committed values lie in [0, 2^n).",
        subcommands = {ZkRangeProveCommand.class, ZkRangeVerifyCommand.class})
public final class ZkRangeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return Main.EXIT_OK;
    }
}
