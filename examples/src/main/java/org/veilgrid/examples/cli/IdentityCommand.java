package org.veilgrid.examples.cli;

import picocli.CommandLine.Command;

/** {@code veil identity}: a participant's own keys and public card. */
@Command(name = "identity", mixinStandardHelpOptions = true,
        description = "A participant's own identity: keys that never leave it, and a public card to hand out.",
        subcommands = {IdentityInitCommand.class, IdentityShowCommand.class})
public final class IdentityCommand extends CommandGroup {
}
