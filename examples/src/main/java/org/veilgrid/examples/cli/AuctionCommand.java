package org.veilgrid.examples.cli;

import picocli.CommandLine.Command;

/** {@code veil auction}: sealed-bid double auctions between institutions. */
@Command(name = "auction", mixinStandardHelpOptions = true,
        description = {"Sealed-bid double auctions under MPC: only the clearing result is revealed.",
            "'clear' computes a book in the clear (the reference), 'demo' runs it under MPC with three",
            "compute parties and one client per institution; 'setup', 'party' and 'submit' run an",
            "auction as separate processes ('new' starts another in the same folder), 'check-fill'",
            "checks an institution's fill proof afterwards."},
        subcommands = {AuctionClearCommand.class, AuctionDemoCommand.class, AuctionSetupCommand.class,
            AuctionNewCommand.class, AuctionPartyCommand.class, AuctionSubmitCommand.class, AuctionCheckFillCommand.class})
public final class AuctionCommand extends CommandGroup {
}
