package org.veilgrid.examples.cli;

import picocli.CommandLine.Command;

/** {@code veil zk range}: Bulletproofs range proofs. */
@Command(name = "range", mixinStandardHelpOptions = true,
        description = "Bulletproofs range proofs: committed values lie in [0, 2^n).",
        subcommands = {ZkRangeProveCommand.class, ZkRangeVerifyCommand.class})
public final class ZkRangeCommand extends CommandGroup {
}
