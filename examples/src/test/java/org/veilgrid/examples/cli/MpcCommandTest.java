package org.veilgrid.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MpcCommandTest {
    @TempDir
    Path dir;

    @Test
    void demoMatchesTheClearComputation() {
        Run demo = Run.veil("mpc", "demo", "--parties", "3", "--levels", "5", "--json");
        assertEquals(0, demo.exit(), demo.toString());
        assertTrue(demo.out().contains("\"matchesClear\": true"), demo.out());
        assertTrue(demo.out().contains("\"security\": \"malicious\""), demo.out());
        Run human = Run.veil("mpc", "demo", "--levels", "3");
        assertEquals(0, human.exit(), human.toString());
        assertTrue(human.out().contains("Matches the clear computation"), human.out());
        assertTrue(human.out().contains("(t = 1, malicious)"), human.out());
    }

    @Test
    void demoRunsSemiHonestWhenAskedAndRefusesAnUnknownModeAndAMaliciousSixParties() {
        Run semi = Run.veil("mpc", "demo", "--levels", "3", "--security", "semi-honest");
        assertEquals(0, semi.exit(), semi.toString());
        assertTrue(semi.out().contains("(t = 1, semi-honest)") && semi.out().contains("Matches the clear computation"),
                semi.out());
        Run bogus = Run.veil("mpc", "demo", "--security", "paranoid");
        assertEquals(2, bogus.exit(), bogus.toString());
        assertTrue(bogus.err().contains("--security must be malicious or semi-honest"), bogus.err());
        Run six = Run.veil("mpc", "demo", "--parties", "6");
        assertEquals(2, six.exit(), six.toString());
        assertTrue(six.err().contains("choose 3, 4, 5, 7 or 9, or --security semi-honest"), six.err());
    }

    @Test
    void benchReportsEveryOperation() {
        Run bench = Run.veil("mpc", "bench", "--mults", "2000", "--comparisons", "20", "--repeat", "1", "--json");
        assertEquals(0, bench.exit(), bench.toString());
        for (String op : new String[] {"\"multiply\"", "\"lessThan\"", "\"equal\"", "\"opsPerSec\"", "\"rounds\"",
            "\"security\": \"malicious\""}) {
            assertTrue(bench.out().contains(op), bench.out());
        }
        Run semi = Run.veil("mpc", "bench", "--mults", "2000", "--comparisons", "20", "--repeat", "1",
                "--security", "semi-honest");
        assertEquals(0, semi.exit(), semi.toString());
        assertTrue(semi.out().contains("(mutual TLS, semi-honest)"), semi.out());
    }

    @Test
    void setupThenOnePartyPerCommand() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Run setup = Run.veil("mpc", "setup", "--local-demo", "--parties", "3", "--port", Integer.toString(port), "--dir", dir.toString());
        assertEquals(0, setup.exit(), setup.toString());
        Path config = dir.resolve("parties.json");
        assertTrue(Files.exists(config));
        String[] values = {"5,-2,7", "5,3,-7", "1,1,1"};
        // Party 1 reads its private values from a file, off the command line.
        Path file = dir.resolve("party1.values");
        Files.writeString(file, "5\n3, -7\n");
        List<CompletableFuture<Run>> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String[] args = i == 1
                    ? new String[] {"mpc", "party", "--id", "1", "--config", config.toString(),
                        "--values-file", file.toString(), "--threshold", "4", "--json"}
                    : new String[] {"mpc", "party", "--id", Integer.toString(i), "--config", config.toString(),
                        "--values", values[i], "--threshold", "4", "--json"};
            runs.add(CompletableFuture.supplyAsync(() -> Run.veil(args), POOL));
        }
        for (int i = 0; i < 3; i++) {
            Run r = runs.get(i).get();
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().contains("\"levelsAtLeast\": 1"), r.out());
            assertTrue(r.out().contains("\"maxTotal\": 11"), r.out());
            assertTrue(r.out().contains("\"levelsWhere0And1Agree\": 1"), r.out());
            assertEquals(i == 0, r.out().contains("\"totals\": [11, 2, 1]"), r.out());
        }
    }

    /** Enough threads for every party at once, whatever the machine. */
    private static final java.util.concurrent.ExecutorService POOL = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "veil-in-process");
        t.setDaemon(true);
        return t;
    });

    @Test
    void aFailedSetupLeavesNoFolderAndAUsedFolderIsRefused() throws Exception {
        Path run = dir.resolve("run");
        // The clients' names are checked after the CA and the parties' keys are written.
        Run twice = Run.veil("mpc", "setup", "--local-demo", "--dir", run.toString(), "--clients", "bank-a,bank-a");
        assertEquals(2, twice.exit(), twice.toString());
        assertTrue(twice.err().contains("'bank-a' is used twice"), twice.err());
        assertFalse(Files.exists(run), "a failed setup leaves no folder");
        Run clash = Run.veil("mpc", "setup", "--local-demo", "--dir", run.toString(), "--clients", "party-0");
        assertEquals(2, clash.exit(), clash.toString());
        assertFalse(Files.exists(run), "a failed setup leaves no folder");
        try (var left = Files.list(dir)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().contains("partial")), "no staging folder left");
        }
        assertEquals(0, Run.veil("mpc", "setup", "--local-demo", "--dir", run.toString()).exit());
        Run again = Run.veil("mpc", "setup", "--local-demo", "--dir", run.toString());
        assertEquals(2, again.exit(), "a used folder is not overwritten");
        assertTrue(again.err().contains("not empty"), again.err());
    }

    @Test
    void valuesComeFromTheCommandLineOrAFileButNotBoth() throws Exception {
        Path bad = dir.resolve("values");
        Files.writeString(bad, "1, 2\n3 x\n");
        Run r = Run.veil("mpc", "party", "--id", "0", "--config", dir.resolve("none.json").toString(),
                "--values-file", bad.toString());
        assertEquals(2, r.exit(), r.toString());
        // The position, not the value: the file holds private values.
        assertTrue(r.err().contains(bad + ":2") && r.err().contains("value 2 of the line"), r.err());
        assertFalse(r.err().contains("'x'"), r.err());
        Run both = Run.veil("mpc", "party", "--id", "0", "--config", "p.json", "--values", "1", "--values-file", bad.toString());
        assertEquals(2, both.exit());
        assertTrue(both.err().contains("either --values or --values-file"), both.err());
        Run neither = Run.veil("mpc", "party", "--id", "0", "--config", "p.json");
        assertEquals(2, neither.exit());
    }

    @Test
    void badConfigAndArgumentsAreRefusedWithAReason() throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"version\": 1, \"session\": \"1\", \"parties\": []}");
        Run r = Run.veil("mpc", "party", "--id", "0", "--config", bad.toString(), "--values", "1");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("need 3.."), r.err());
        Run missing = Run.veil("mpc", "party", "--id", "0", "--config", dir.resolve("none.json").toString(), "--values", "1");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("not found"), missing.err());
        Run notNumber = Run.veil("mpc", "party", "--id", "0", "--config", bad.toString(), "--values", "1,x");
        assertEquals(2, notNumber.exit());
        assertTrue(notNumber.err().contains("'x' is not a 64-bit integer"), notNumber.err());
        Files.writeString(bad, "not json");
        Run unparsable = Run.veil("mpc", "party", "--id", "0", "--config", bad.toString(), "--values", "1");
        assertEquals(2, unparsable.exit());
        assertTrue(unparsable.err().contains("malformed input error"), unparsable.err());
        assertEquals(2, Run.veil("mpc", "demo", "--parties", "2").exit());
    }
}
