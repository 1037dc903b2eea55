package org.veilgrid.mpc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.veilgrid.mpc.config.LocalSetup;
import org.veilgrid.mpc.config.PartiesConfig;

/**
 * Each party in its own JVM, configured from files on disk (config, CA, keys): the computation
 * matches the clear one, and killing one party's process makes the others abort naming it.
 */
class SeparateProcessTest {

    private static final long[][] QUANTITIES = {{5, -2, 7, 0}, {5, 3, -7, 10}, {1, 1, 1, 1}};
    private static final long THRESHOLD = 4;

    @TempDir
    Path dir;

    private static Process start(Path config, int id, int warmUp) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), PartyMain.class.getName(), config.toString(),
                Integer.toString(id), Arrays.toString(QUANTITIES[id]).replaceAll("[\\[\\] ]", ""),
                Long.toString(THRESHOLD), Integer.toString(warmUp)));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    /** Reads a process's output lines as they come; completes {@code started} at "STARTED". */
    private static CompletableFuture<List<String>> lines(Process p, CompletableFuture<Void> started) {
        return CompletableFuture.supplyAsync(() -> {
            List<String> out = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    out.add(line);
                    if (line.startsWith("STARTED")) {
                        started.complete(null);
                    }
                }
            } catch (IOException e) {
                out.add("IO " + e);
            }
            started.complete(null);
            return out;
        });
    }

    private static String resultLine(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("RESULT") || l.startsWith("ABORT") || l.startsWith("ERROR"))
                .findFirst().orElse("none: " + lines);
    }

    @Test
    void partiesInSeparateProcessesComputeTheClearResult() throws Exception {
        PartiesConfig config = LocalSetup.write(dir, 3, LoopbackCluster.freePorts(1)[0], 20_000, List.of());
        // Consecutive ports from one free one: re-check they are all free enough for the test.
        Path file = dir.resolve("parties.json");
        List<Process> processes = new ArrayList<>();
        List<CompletableFuture<List<String>>> outputs = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Process p = start(file, i, 0);
                processes.add(p);
                outputs.add(lines(p, new CompletableFuture<>()));
            }
            SampleComputation.Result clear = SampleComputation.inClear(QUANTITIES, THRESHOLD);
            String common = "RESULT levelsAtLeast=" + clear.levelsAtLeast() + " maxTotal=" + clear.maxTotal()
                    + " agree=" + clear.levelsWhere0And1Agree();
            for (int i = 0; i < 3; i++) {
                assertTrue(processes.get(i).waitFor(60, TimeUnit.SECONDS), "party " + i + " did not finish");
                String line = resultLine(outputs.get(i).get());
                String expected = i == 0 ? common + " totals=" + Arrays.toString(clear.totals()).replace(" ", "") : common;
                assertEquals(expected, line, "party " + i);
                assertEquals(0, processes.get(i).exitValue());
            }
            assertEquals(3, config.size());
        } finally {
            processes.forEach(Process::destroyForcibly);
        }
    }

    @Test
    void killingOnePartyProcessAbortsTheOthersNamingIt() throws Exception {
        LocalSetup.write(dir, 3, LoopbackCluster.freePorts(1)[0], 3_000, List.of());
        Path file = dir.resolve("parties.json");
        List<Process> processes = new ArrayList<>();
        List<CompletableFuture<List<String>>> outputs = new ArrayList<>();
        List<CompletableFuture<Void>> started = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Process p = start(file, i, 1_000_000);
                processes.add(p);
                CompletableFuture<Void> s = new CompletableFuture<>();
                started.add(s);
                outputs.add(lines(p, s));
            }
            CompletableFuture.allOf(started.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
            Thread.sleep(300);
            long killedAt = System.nanoTime();
            processes.get(2).destroyForcibly();
            for (int i = 0; i < 2; i++) {
                assertTrue(processes.get(i).waitFor(30, TimeUnit.SECONDS), "party " + i + " did not stop");
                long ms = (System.nanoTime() - killedAt) / 1_000_000;
                assertTrue(ms < 3_000 + 5_000, "party " + i + " took " + ms + " ms to abort");
                String line = resultLine(outputs.get(i).get());
                assertTrue(line.startsWith("ABORT culprit=party-2 "), "party " + i + ": " + line);
                assertEquals(3, processes.get(i).exitValue());
            }
        } finally {
            processes.forEach(Process::destroyForcibly);
        }
    }
}
