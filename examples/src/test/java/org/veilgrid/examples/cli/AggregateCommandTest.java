package org.veilgrid.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AggregateCommandTest {
    @TempDir
    Path tmp;

    @Test
    @SuppressWarnings("unchecked")
    void demoSumsRandomInputsWithDropouts() {
        Run r = Run.veil("aggregate", "demo", "--clients", "12", "--dim", "300", "--dropout", "0.25", "--committee", "5",
                "--threshold", "3", "--json");
        assertEquals(0, r.exit(), r.err());
        Map<String, Object> m = (Map<String, Object>) MiniJson.parse(r.out());
        assertEquals(Boolean.TRUE, m.get("ok"));
        assertEquals(300, ((List<Object>) m.get("sum")).size());
        assertTrue(r.err().contains("client phase closed"), "progress on stderr: " + r.err());
    }

    @Test
    @SuppressWarnings("unchecked")
    void csvInputsGiveTheSpreadsheetSum() throws Exception {
        Path csv = tmp.resolve("inputs.csv");
        Files.writeString(csv, "# one client a row\n1, 2, 3\n-4, 5, 600\n\n10,20,30\n");
        Run r = Run.veil("aggregate", "demo", "--inputs", csv.toString(), "--dropout", "0", "--json");
        assertEquals(0, r.exit(), r.err());
        Map<String, Object> m = (Map<String, Object>) MiniJson.parse(r.out());
        assertEquals(List.of(7L, 27L, 633L), ((List<Object>) m.get("sum")).stream().map(o -> ((Number) o).longValue()).toList());
        assertEquals(3, ((List<Object>) m.get("counted")).size());

        Files.writeString(csv, "1,2,3\n4,x,6\n");
        Run bad = Run.veil("aggregate", "demo", "--inputs", csv.toString());
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains(":2:2") && bad.err().contains("not an integer"), bad.err());
        Files.writeString(csv, "1,2,3\n4,5\n");
        assertTrue(Run.veil("aggregate", "demo", "--inputs", csv.toString()).err().contains("earlier rows have 3"));
        assertEquals(2, Run.veil("aggregate", "demo", "--dropout", "1.5").exit());
        assertEquals(2, Run.veil("aggregate", "demo", "--clients", "3", "--committee", "5").exit());
    }

    @Test
    void setupServerAndClientsInSeparateProcesses() throws Exception {
        Path dir = tmp.resolve("round");
        Run setup = Run.veil("aggregate", "setup", "--dir", dir.toString(), "--clients", "4", "--dim", "3",
                "--committee", "3", "--threshold", "2");
        assertEquals(0, setup.exit(), setup.err());
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        File out = tmp.resolve("server.out").toFile();
        File err = tmp.resolve("server.err").toFile();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", cp, Main.class.getName(), "aggregate", "server", "--dir", dir.toString(), "--client-seconds", "60",
                "--member-seconds", "60", "--json"));
        Process server = new ProcessBuilder(cmd).redirectOutput(out).redirectError(err).start();
        try {
            int port = waitForPort(err.toPath());
            String at = "127.0.0.1:" + port;
            long[][] inputs = {{1, 2, 3}, {10, 20, 30}, {-5, 0, 5}, {100, 100, 100}};
            // Each client in its own thread: committee members block until the client phase closes.
            List<Thread> threads = new ArrayList<>();
            List<Run> runs = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int c = 0; c < 4; c++) {
                String values = inputs[c][0] + "," + inputs[c][1] + "," + inputs[c][2];
                String id = String.format("client-%05d", c);
                Thread t = new Thread(() -> runs.add(Run.veil("aggregate", "client", "--dir", dir.toString(), "--id", id,
                        "--server", at, "--values", values)));
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                t.join(120_000);
            }
            for (Run r : runs) {
                assertEquals(0, r.exit(), r.err());
            }
            assertTrue(server.waitFor(120, TimeUnit.SECONDS), "server did not finish");
            assertEquals(0, server.exitValue(), Files.readString(err.toPath()));
            String json = Files.readString(out.toPath(), StandardCharsets.UTF_8);
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) MiniJson.parse(json);
            assertEquals(List.of(106L, 122L, 138L),
                    ((List<?>) m.get("sum")).stream().map(o -> ((Number) o).longValue()).toList(), json);
        } finally {
            server.destroyForcibly();
        }
    }

    private static int waitForPort(Path err) throws Exception {
        Pattern p = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
        for (int i = 0; i < 600; i++) {
            if (Files.exists(err)) {
                Matcher m = p.matcher(Files.readString(err));
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the server never printed its port");
    }
}
