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
 * matches the clear one, and killing one party's process (SIGKILL) makes the others abort
 * promptly, well within the configured timeout, naming it (or saying they cannot tell) and never
 * another survivor.
 */
class SeparateProcessTest {

    private static final long[][] QUANTITIES = {{5, -2, 7, 0}, {5, 3, -7, 10}, {1, 1, 1, 1}};
    private static final long THRESHOLD = 4;

    @TempDir
    Path dir;

    private static Process start(Path config, int id, int warmUp) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), TestPartyMain.class.getName(), config.toString(),
                Integer.toString(id), Arrays.toString(QUANTITIES[id]).replaceAll("[\\[\\] ]", ""),
                Long.toString(THRESHOLD), Integer.toString(warmUp)));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    /** Reads a process's output lines as they come; completes {@code started} at "STARTED". */
    private static CompletableFuture<List<String>> lines(Process p, CompletableFuture<Void> started) {
        // A thread of its own per process: a shared pool may have fewer threads than processes.
        CompletableFuture<List<String>> result = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
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
            result.complete(out);
        }, "party-output");
        reader.setDaemon(true);
        reader.start();
        return result;
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
            TestProgram.Result clear = TestProgram.inClear(QUANTITIES, THRESHOLD);
            for (int i = 0; i < 3; i++) {
                assertTrue(processes.get(i).waitFor(60, TimeUnit.SECONDS), "party " + i + " did not finish");
                String line = resultLine(outputs.get(i).get());
                // Party 0 alone learns the totals.
                String expected = "RESULT " + (i == 0 ? clear : new TestProgram.Result(clear.levelsAtLeast(), null)).line();
                assertEquals(expected, line, "party " + i);
                assertEquals(0, processes.get(i).exitValue());
            }
            assertEquals(3, config.size());
        } finally {
            processes.forEach(Process::destroyForcibly);
        }
    }

    /** A configured timeout far above every bound below: promptness must come from noticing the loss. */
    private static final int LONG_TIMEOUT_MS = 60_000;
    /** How long a survivor may take to stop after a peer is killed. */
    private static final long STOP_BOUND_MS = 20_000;

    /**
     * Starts one process per party, kills {@code victim} with SIGKILL once all have started and
     * checks that every survivor stops within {@link #STOP_BOUND_MS} naming the victim, or saying
     * it cannot tell, but never naming another survivor.
     */
    private void killAndCheck(List<List<String>> commands, int victim) throws Exception {
        List<Process> processes = new ArrayList<>();
        List<CompletableFuture<List<String>>> outputs = new ArrayList<>();
        List<CompletableFuture<Void>> started = new ArrayList<>();
        try {
            for (List<String> cmd : commands) {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                processes.add(p);
                CompletableFuture<Void> s = new CompletableFuture<>();
                started.add(s);
                outputs.add(lines(p, s));
            }
            CompletableFuture.allOf(started.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
            Thread.sleep(300);
            long killedAt = System.nanoTime();
            processes.get(victim).destroyForcibly();
            for (int i = 0; i < commands.size(); i++) {
                if (i == victim) {
                    continue;
                }
                boolean stopped = processes.get(i).waitFor(STOP_BOUND_MS, TimeUnit.MILLISECONDS);
                long ms = (System.nanoTime() - killedAt) / 1_000_000;
                if (!stopped) {
                    // What it had printed tells whether it noticed the loss at all (an ABORT line).
                    processes.get(i).destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    throw new AssertionError("party " + i + " still runs " + ms + " ms after party " + victim
                            + " was killed; it printed " + outputs.get(i).get(10, TimeUnit.SECONDS));
                }
                String line = resultLine(outputs.get(i).get());
                assertTrue(line.startsWith("ABORT culprit=party-" + victim + " ") || line.startsWith("ABORT culprit=- "),
                        "party " + i + " after killing party " + victim + ": " + line);
                assertEquals(3, processes.get(i).exitValue());
            }
        } finally {
            processes.forEach(Process::destroyForcibly);
        }
    }

    private static List<String> java(String mainClass, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        return cmd;
    }

    @Test
    void killingAPartyMidRoundsMakesTheOthersStopPromptlyNeverBlamingASurvivor() throws Exception {
        // Party 0 and then party 2: the first sends every PRSS key, the last none.
        for (int victim : new int[] {0, 2}) {
            Path run = dir.resolve("rounds-" + victim);
            LocalSetup.write(run, 3, LoopbackCluster.freePorts(1)[0], LONG_TIMEOUT_MS, List.of());
            List<List<String>> commands = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                commands.add(java(TestPartyMain.class.getName(), run.resolve("parties.json").toString(), Integer.toString(i),
                        Arrays.toString(QUANTITIES[i]).replaceAll("[\\[\\] ]", ""), Long.toString(THRESHOLD), "1000000"));
            }
            killAndCheck(commands, victim);
        }
    }

    @Test
    void killingAPartyWhileTheOthersWaitForAClientIsNoticedWithoutTheTimeout() throws Exception {
        // Nobody sends anything while the parties wait for the client's input: only watching the
        // connection to party 1 shows that it is gone.
        LocalSetup.write(dir, 3, LoopbackCluster.freePorts(1)[0], LONG_TIMEOUT_MS, List.of("bank-x"));
        List<List<String>> commands = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            commands.add(java(WaitingPartyMain.class.getName(), dir.resolve("parties.json").toString(), Integer.toString(i),
                    "bank-x"));
        }
        killAndCheck(commands, 1);
    }
}
