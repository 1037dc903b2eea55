package org.veilgrid.examples.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.veilgrid.core.federation.Card;
import org.veilgrid.core.io.LocalFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code veil identity show CARD}: what a card says, after checking it. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Check a card (its signature and that it agrees with its certificate) and print what it says,"
                + " with the fingerprint to compare with its owner out of band.")
public final class IdentityShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CARD", description = "A card.cose file.")
    Path card;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        Card c = Card.fromBytes(LocalFiles.readBounded(Printable.checkPath("CARD", card), RosterCommand.MAX_CARD_BYTES));
        spec.commandLine().getOut().println(json ? Json.pretty(RosterCommand.describe(c)) : RosterCommand.line(c));
        return Main.EXIT_OK;
    }
}
