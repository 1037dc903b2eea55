package org.veilgrid.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compute parties of an auction as separate processes ({@code veil auction party}), waiting
 * for an institution that never submits: an institution gives up after its {@code --wait-seconds}
 * in all; then one party is killed with SIGKILL: the others and the institution waiting stop
 * well within the configured timeout (120 s) and name the killed party, or say they cannot tell,
 * never another party.
 */
class AuctionProcessTest {
    @TempDir
    Path tmp;

    /** Far below the parties' 120 s timeout and the institution's --wait-seconds 60. */
    private static final long STOP_BOUND_MS = 20_000;

    /** A process's stderr as it comes; {@code ready} completes at the first line containing {@code marker}. */
    private static CompletableFuture<String> read(Process p, String marker, CompletableFuture<Void> ready) {
        CompletableFuture<String> all = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            StringBuilder b = new StringBuilder();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    b.append(line).append('\n');
                    if (line.contains(marker)) {
                        ready.complete(null);
                    }
                }
            } catch (IOException e) {
                b.append("IO ").append(e);
            }
            ready.complete(null);
            all.complete(b.toString());
        }, "party-stderr");
        t.setDaemon(true);
        t.start();
        return all;
    }

    /** Blames the killed party or no one; names no other party. */
    private static void assertBlamesOnly(String victim, String text, String who) {
        boolean named = text.contains("protocol aborted by party '" + victim + "'");
        boolean cannotTell = text.contains("protocol aborted: ");
        assertTrue(named || cannotTell, who + ": " + text);
        for (String other : List.of("party-0", "party-1", "party-2")) {
            if (!other.equals(victim)) {
                assertFalse(text.contains("aborted by party '" + other + "'"), who + " blames " + other + ": " + text);
            }
        }
    }

    @Test
    void anInstitutionWaitsNoLongerThanItsWaitInAllAndKillingAComputePartyStopsEveryonePromptlyNamingIt()
            throws Exception {
        int port = TestPorts.freeRun(3);
        Path dir = tmp.resolve("run");
        Run setup = Run.veil("auction", "setup", "--local-demo", "--dir", dir.toString(), "--institutions", "bank-a,bank-b,bank-c",
                "--price-grid", "8:12:1", "--port", Integer.toString(port), "--auction-id", "kill");
        assertEquals(0, setup.exit(), setup.toString());
        Path book = tmp.resolve("book.csv");
        Files.writeString(book, "institution,side,price,quantity\nbank-a,buy,12,10\nbank-b,sell,9,4\nbank-c,sell,10,3\n");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> parties = new ArrayList<>();
        List<CompletableFuture<String>> errs = new ArrayList<>();
        List<CompletableFuture<Void>> listening = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", cp,
                        Main.class.getName(), "auction", "party", "--dir", dir.toString(), "--id", Integer.toString(i));
                pb.environment().remove("VEIL_DEBUG");
                Process p = pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                parties.add(p);
                CompletableFuture<Void> ready = new CompletableFuture<>();
                listening.add(ready);
                errs.add(read(p, "listening", ready));
            }
            CompletableFuture.allOf(listening.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
            // bank-b never submits, so the parties keep waiting for its order. bank-a gives up
            // after its --wait-seconds in all, and cannot tell which party is at fault.
            long asked = System.nanoTime();
            Run gaveUp = Run.veil("auction", "submit", "--dir", dir.toString(), "--institution", "bank-a", "--orders",
                    book.toString(), "--wait-seconds", "3");
            long waited = (System.nanoTime() - asked) / 1_000_000;
            assertEquals(2, gaveUp.exit(), gaveUp.toString());
            assertTrue(gaveUp.err().contains("protocol aborted: auction kill did not clear before this institution's"
                    + " deadline"), gaveUp.err());
            assertTrue(waited < 3_000 + 4_000, "bank-a waited " + waited + " ms");
            // bank-c submits and waits; then party 1 is killed.
            CompletableFuture<Run> submit = CompletableFuture.supplyAsync(() -> Run.veil("auction", "submit", "--dir",
                    dir.toString(), "--institution", "bank-c", "--orders", book.toString(), "--wait-seconds", "60"));
            Thread.sleep(1_500);
            long killedAt = System.nanoTime();
            parties.get(1).destroyForcibly();
            for (int i : new int[] {0, 2}) {
                boolean stopped = parties.get(i).waitFor(STOP_BOUND_MS, TimeUnit.MILLISECONDS);
                long ms = (System.nanoTime() - killedAt) / 1_000_000;
                assertTrue(stopped, "party " + i + " still runs " + ms + " ms after party 1 was killed");
                String err = errs.get(i).get(10, TimeUnit.SECONDS);
                assertEquals(2, parties.get(i).exitValue(), err);
                assertBlamesOnly("party-1", err, "party " + i);
            }
            Run institution = submit.get(STOP_BOUND_MS, TimeUnit.MILLISECONDS);
            long ms = (System.nanoTime() - killedAt) / 1_000_000;
            assertTrue(ms < STOP_BOUND_MS, "the institution took " + ms + " ms");
            assertEquals(2, institution.exit(), institution.toString());
            assertBlamesOnly("party-1", institution.err(), "bank-c");
        } finally {
            parties.forEach(Process::destroyForcibly);
        }
    }
}
