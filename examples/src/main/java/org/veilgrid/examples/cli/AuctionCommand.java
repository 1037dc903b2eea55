package org.veilgrid.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code veil auction}: sealed-bid double auctions between institutions. */
@Command(name = "auction", mixinStandardHelpOptions = true,
        description = {"Sealed-bid uniform-price double auctions: 'clear' computes a book in the clear (the",
            "reference), 'demo' runs it under MPC with three compute parties and one client per institution;",
            "'setup', 'party' and 'submit' run one auction as separate processes."},
        subcommands = {AuctionClearCommand.class, AuctionDemoCommand.class, AuctionSetupCommand.class,
            AuctionPartyCommand.class, AuctionSubmitCommand.class})
public final class AuctionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return Main.EXIT_OK;
    }
}
