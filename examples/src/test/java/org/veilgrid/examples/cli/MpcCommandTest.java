package org.veilgrid.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        Run human = Run.veil("mpc", "demo", "--levels", "3");
        assertEquals(0, human.exit(), human.toString());
        assertTrue(human.out().contains("Matches the clear computation"), human.out());
    }

    @Test
    void benchReportsEveryOperation() {
        Run bench = Run.veil("mpc", "bench", "--mults", "2000", "--comparisons", "20", "--repeat", "1", "--json");
        assertEquals(0, bench.exit(), bench.toString());
        for (String op : new String[] {"\"multiply\"", "\"lessThan\"", "\"equal\"", "\"opsPerSec\"", "\"rounds\""}) {
            assertTrue(bench.out().contains(op), bench.out());
        }
    }

    @Test
    void setupThenOnePartyPerCommand() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Run setup = Run.veil("mpc", "setup", "--parties", "3", "--port", Integer.toString(port), "--dir", dir.toString());
        assertEquals(0, setup.exit(), setup.toString());
        Path config = dir.resolve("parties.json");
        assertTrue(Files.exists(config));
        String[] values = {"5,-2,7", "5,3,-7", "1,1,1"};
        List<CompletableFuture<Run>> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String[] args = {"mpc", "party", "--id", Integer.toString(i), "--config", config.toString(),
                "--values", values[i], "--threshold", "4", "--json"};
            runs.add(CompletableFuture.supplyAsync(() -> Run.veil(args)));
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
