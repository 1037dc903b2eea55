package org.veilgrid.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code veil bench}: quick throughput checks; one sub-command per kernel family. */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        header = "Quick throughput checks of the kernels (JMH in bench/ is authoritative).",
        description = "Quick throughput checks of the kernels on this machine. The JMH benchmarks in bench/ are "
                + "the authoritative figures (docs/BENCHMARKS.md); these are a quick check.",
        subcommands = {BenchNttCommand.class})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return Main.EXIT_OK;
    }
}
