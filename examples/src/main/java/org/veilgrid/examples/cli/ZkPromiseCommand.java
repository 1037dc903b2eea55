package org.veilgrid.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code veil zk promise}: make a promise, sign a receipt, prove the promise kept, verify. */
@Command(name = "promise", mixinStandardHelpOptions = true,
        description = "Promises with committed private terms, receipts, and proofs that a promise was kept.",
        subcommands = {ZkPromiseMakeCommand.class, ZkPromiseReceiptCommand.class, ZkPromiseProveCommand.class,
            ZkPromiseVerifyCommand.class})
public final class ZkPromiseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return Main.EXIT_OK;
    }
}
