package org.veilgrid.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code veil fhe}: BFV homomorphic encryption with files on disk. */
@Command(name = "fhe", mixinStandardHelpOptions = true,
        description = "Homomorphic encryption (RNS-BFV): keys, encryption and evaluation with files on disk.",
        subcommands = {FheKeygenCommand.class, FheEncryptCommand.class, FheDecryptCommand.class,
            FheEvalDemoCommand.class, FheBenchCommand.class})
public final class FheCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return Main.EXIT_OK;
    }
}
