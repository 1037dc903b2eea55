package org.veilgrid.examples.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.veilgrid.examples.demo.Demo;
import org.veilgrid.examples.demo.Demo.Outcome;
import org.veilgrid.examples.demo.DemoContext;
import org.veilgrid.examples.demo.DemoStep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code veil demo}: the main job end to end on one machine, as a list of steps. */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        header = "Run Veilgrid end to end on this machine, step by step.",
        description = {"Runs Veilgrid end to end on this machine with no set-up, step by step. Today: the kernel "
                + "checks of 'veil doctor' and a negacyclic polynomial multiplication through the NTT (N=1024) "
                + "compared with schoolbook multiplication on every backend.",
            "Exits 1 if a step fails."})
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON object {ok, summary, millis, steps: [...]} instead of the summary.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // Human mode reports each step on stdout as it completes; --json keeps stdout for the
        // JSON and reports progress on stderr.
        PrintWriter progress = json ? err : out;
        boolean verbose = Main.verbose(spec.root().commandLine().getParseResult());
        List<DemoStep> steps = Demo.steps();
        int total = steps.size();
        int[] index = {0};
        long t0 = System.nanoTime();
        List<Outcome> outcomes = Demo.run(steps,
                new DemoContext(VersionProvider.projectVersion(), new SplittableRandom()),
                (i, step) -> index[0] = i + 1,
                o -> {
                    progress.printf(Locale.ROOT, "[%d/%d] %s: %s (%d ms)%n        %s%n", index[0], total, o.name(),
                            o.result().ok() ? "ok" : "FAILED", o.millis(), o.result().detail());
                    if (o.error() != null && verbose) {
                        o.error().printStackTrace(err);
                    }
                    progress.flush();
                });
        long millis = (System.nanoTime() - t0) / 1_000_000;
        boolean ok = outcomes.stream().allMatch(o -> o.result().ok());
        List<String> phrases = new ArrayList<>();
        outcomes.forEach(o -> phrases.add(o.result().summary()));
        String summary = "Veilgrid demo: " + String.join("; ", phrases) + String.format(Locale.ROOT,
                " (%s in %.1f s)", ok ? "all " + total + " steps ok" : "FAILED", millis / 1000.0);
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ok", ok);
            m.put("summary", summary);
            m.put("millis", millis);
            List<Map<String, Object>> arr = new ArrayList<>();
            for (Outcome o : outcomes) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("name", o.name());
                s.put("ok", o.result().ok());
                s.put("summary", o.result().summary());
                s.put("detail", o.result().detail());
                s.put("millis", o.millis());
                s.put("data", o.result().data());
                arr.add(s);
            }
            m.put("steps", arr);
            out.println(Json.pretty(m));
        } else {
            out.println(summary);
        }
        out.flush();
        return ok ? Main.EXIT_OK : Main.EXIT_FAILED;
    }
}
