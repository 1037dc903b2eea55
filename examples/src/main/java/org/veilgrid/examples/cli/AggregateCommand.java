package org.veilgrid.examples.cli;

import picocli.CommandLine.Command;

/** {@code veil aggregate}: one-shot private aggregation (clients speak once, the server learns only the sum). */
@Command(name = "aggregate", mixinStandardHelpOptions = true,
        description = {"One-shot private aggregation: clients speak once, the server learns only the sum.",
            "A small committee helps the server unmask only the sum. 'demo' runs a whole round on",
            "loopback; 'server' and 'client' run one in separate processes (of a roster, or of a",
            "'setup --local-demo' folder); 'unmasker' runs one of the server's unmasking replicas."},
        subcommands = {AggregateDemoCommand.class, AggregateSetupCommand.class, AggregateServerCommand.class,
            AggregateUnmaskerCommand.class, AggregateClientCommand.class})
public final class AggregateCommand extends CommandGroup {
}
