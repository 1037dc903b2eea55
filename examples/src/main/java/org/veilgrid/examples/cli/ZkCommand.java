package org.veilgrid.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code veil zk}: zero-knowledge proofs on Ristretto255 with files on disk. */
@Command(name = "zk", mixinStandardHelpOptions = true,
        description = "Zero-knowledge proofs (Ristretto255, Bulletproofs): agent keys, promises proved kept, range proofs.",
        subcommands = {ZkKeygenCommand.class, ZkPromiseCommand.class, ZkRangeCommand.class})
public final class ZkCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return Main.EXIT_OK;
    }
}
