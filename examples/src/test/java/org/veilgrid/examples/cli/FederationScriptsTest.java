package org.veilgrid.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The federation scripts of examples/scripts, run as a user would (bash, separate processes,
 * each participant on its own identity), with `veil` as this build's classes and a smaller round.
 */
class FederationScriptsTest {
    @TempDir
    Path dir;

    @Test
    void theAggregationScriptRunsARoundWithNoSetupFolderAndChecksTheSum() throws Exception {
        String log = runScript("federation-aggregate.sh", "CLIENTS", "6", "DIM", "50");
        assertTrue(log.contains("the server, 3 unmasking replica(s), 5 committee member(s) and 6 clients run as separate"
                + " processes"), log);
        // The sum is right, and exactly one of the unmasker's replicas unmasked the round.
        assertTrue(log.matches("(?s).*ok: only the sum of 6 clients' 50 values was unmasked \\(by unmask-[0-2] of 3"
                + " unmasking replicas; checked against the cleartext\\).*"), log);
        // Both times are reported: the server's own, and the wall clock with the JVMs' start-up.
        assertTrue(log.matches("(?s).*time: the round took \\d+ ms from the first client message to the sum; \\d+ ms"
                + " from starting the 6 client processes to the server's exit.*"), log);
        // No file anywhere holds two participants' secret keys: each secret lies in its owner's folder
        // (the unmasker's replicas each hold a copy of its one folder).
        for (File f : dir.resolve("work").toFile().listFiles()) {
            if (f.isDirectory()) {
                assertTrue(new File(f, "agent.key").isFile() && new File(f, "card.cose").isFile(), f.toString());
            }
        }
    }

    @Test
    void theAuctionScriptClearsAcrossProcessesAndEveryInstitutionsCheckedOutcomeIsTheReferences() throws Exception {
        String log = runScript("federation-auction.sh", "INSTITUTIONS", "4", "PRICES", "16");
        assertTrue(log.contains("fill proof of bank-0 verified: signed by all 3 parties"), log);
        assertTrue(log.contains("ok: 3 parties and 4 institutions, 16 price points, proofs on"), log);
        // Each participant's secrets lie in its own folder only; the run left no exchange files.
        Path work = dir.resolve("work");
        for (File f : work.toFile().listFiles()) {
            if (f.isDirectory()) {
                assertTrue(new File(f, "agent.key").isFile() && new File(f, "tls.key").isFile(), f.toString());
            }
        }
        try (var files = Files.walk(work)) {
            assertTrue(files.noneMatch(f -> f.toString().contains("reject") || f.toString().contains("abort")));
        }
    }

    /**
     * Runs examples/scripts/{@code name} in {@code dir/work} with `veil` as this build's classes,
     * a free port and the environment given as name, value pairs; returns its output once it
     * exited 0.
     */
    private String runScript(String name, String... env) throws Exception {
        Path script = Path.of(System.getProperty("user.dir")).resolve("scripts").resolve(name);
        assertTrue(Files.isRegularFile(script), script.toString());
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), dir.resolve("work").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile());
        pb.environment().put("VEIL", java + " -XX:TieredStopAtLevel=1 -cp " + cp + " " + Main.class.getName());
        pb.environment().put("PORT", Integer.toString(freePort()));
        for (int i = 0; i < env.length; i += 2) {
            pb.environment().put(env[i], env[i + 1]);
        }
        Process p = pb.start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), name + " did not finish");
        String log = Files.readString(dir.resolve("log"), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), log);
        return log;
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
