package org.veilgrid.examples.cli;

import picocli.CommandLine.Command;

/** {@code veil zk promise}: make a promise, sign a receipt, prove the promise kept, verify. */
@Command(name = "promise", mixinStandardHelpOptions = true,
        description = "Promises with committed private terms, receipts, and proofs that a promise was kept.",
        subcommands = {ZkPromiseMakeCommand.class, ZkPromiseReceiptCommand.class, ZkPromiseProveCommand.class,
            ZkPromiseVerifyCommand.class})
public final class ZkPromiseCommand extends CommandGroup {
}
