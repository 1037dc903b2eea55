package org.veilgrid.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The top-level {@code veil} command: sub-commands per capability. */
@Command(name = "veil",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Veilgrid: private computation between institutions and agents (MPC, FHE, zero-knowledge proofs).",
        subcommands = {DoctorCommand.class, BenchCommand.class, DemoCommand.class, FheCommand.class, MpcCommand.class,
            AggregateCommand.class, AuctionCommand.class, ZkCommand.class, GridCommand.class, IdentityCommand.class,
            RosterCommand.class, HelpCommand.class},
        footer = {"",
            "Exit codes: 0 success; 1 a check failed or an internal error;",
            "2 bad arguments or parameters.",
            "",
            "Environment:",
            "  VEIL_NATIVE=off    use the pure-Java kernels",
            "  VEIL_NATIVE_ISA=portable|avx2|avx512|avx512ifma",
            "                     cap the native code path",
            "  VEIL_DEBUG=1       print stack traces of errors (like --verbose)"})
public final class VeilCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Read by {@link Main}'s error handler from the parse result; declared here for --help. */
    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print stack traces of errors (also: VEIL_DEBUG=1).")
    boolean verbose;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return Main.EXIT_OK;
    }
}
