package org.veilgrid.examples.cli;

import picocli.CommandLine.Command;

/** {@code veil zk}: zero-knowledge proofs on Ristretto255 with files on disk. */
@Command(name = "zk", mixinStandardHelpOptions = true,
        description = "Zero-knowledge proofs (Ristretto255, Bulletproofs): agent keys, promises proved kept, range proofs.",
        subcommands = {ZkKeygenCommand.class, ZkPromiseCommand.class, ZkRangeCommand.class})
public final class ZkCommand extends CommandGroup {
}
