package org.veilgrid.examples.cli;

import picocli.CommandLine.Command;

/** {@code veil grid}: byte completions (the grid bridge). */
@Command(name = "grid", mixinStandardHelpOptions = true,
        description = {"Byte completions: 'train' builds a byte n-gram model from a corpus, 'complete' continues",
            "a context with it (locally; serving it from nodes, encrypted, comes with issue #8)."},
        subcommands = {GridTrainCommand.class, GridCompleteCommand.class})
public final class GridCommand extends CommandGroup {
}
