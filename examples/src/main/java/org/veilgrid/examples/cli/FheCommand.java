package org.veilgrid.examples.cli;

import picocli.CommandLine.Command;

/** {@code veil fhe}: BFV homomorphic encryption with files on disk. */
@Command(name = "fhe", mixinStandardHelpOptions = true,
        description = "Homomorphic encryption (RNS-BFV): keys, encryption and evaluation with files on disk.",
        subcommands = {FheKeygenCommand.class, FheEncryptCommand.class, FheDecryptCommand.class,
            FheEvalDemoCommand.class, FheBenchCommand.class})
public final class FheCommand extends CommandGroup {
}
