package org.veilgrid.examples.cli;

import picocli.CommandLine.Command;

/** {@code veil grid}: byte completions (the grid bridge). */
@Command(name = "grid", mixinStandardHelpOptions = true,
        description = {"Byte completions: bytes in, bytes out, in the clear or encrypted (BFV).",
            "'train' builds a byte n-gram model from a corpus, 'node' serves it over mutual TLS with",
            "signed promises and receipts, 'complete' continues a context locally or from a node",
            "(--encrypted: the node never sees it). Between institutions nodes and clients run from",
            "their own identity folders and a roster (--identity, --roster; docs/deploy.md); 'setup'",
            "makes the certificates of a local demo."},
        subcommands = {GridSetupCommand.class, GridTrainCommand.class, GridNodeCommand.class, GridCompleteCommand.class})
public final class GridCommand extends CommandGroup {
}
