package org.veilgrid.examples.cli;

import picocli.CommandLine.Command;

/** {@code veil grid}: byte completions (the grid bridge). */
@Command(name = "grid", mixinStandardHelpOptions = true,
        description = {"Byte completions: 'train' builds a byte n-gram model from a corpus, 'node' serves it",
            "over mutual TLS, 'complete' continues a context locally or from a node ('setup' makes the",
            "certificates). Encrypted completions come with the rest of issue #8."},
        subcommands = {GridSetupCommand.class, GridTrainCommand.class, GridNodeCommand.class, GridCompleteCommand.class})
public final class GridCommand extends CommandGroup {
}
