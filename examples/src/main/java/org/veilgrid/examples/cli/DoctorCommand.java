package org.veilgrid.examples.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.veilgrid.examples.diagnostics.DoctorReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code veil doctor}: what this machine and JVM give Veilgrid, and a kernel self-check. */
@Command(name = "doctor",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        header = "Check this machine: Java, OS, CPU, native kernels, and an NTT self-check.",
        description = {"Reports the Java runtime, OS and CPU, whether the native kernels loaded (from where, which "
                + "CPU features they saw, which code path they run, or why not), and runs a self-check: a random "
                + "N=" + DoctorReport.SELF_CHECK_N + " polynomial through the forward and inverse NTT with the native "
                + "kernels and the Java twin, compared.",
            "Exits 1 if the self-check finds a mismatch."})
public final class DoctorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON object instead of the listing.")
    boolean json;

    @Override
    public Integer call() {
        DoctorReport report = DoctorReport.collect(VersionProvider.projectVersion());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.pretty(report.toJson()));
        } else {
            TextTable.printKeyValues(out, report.toRows());
        }
        out.flush();
        if (!report.selfCheck().ok()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("veil doctor: self-check MISMATCH: " + report.selfCheck().detail());
            err.flush();
            return Main.EXIT_FAILED;
        }
        return Main.EXIT_OK;
    }
}
