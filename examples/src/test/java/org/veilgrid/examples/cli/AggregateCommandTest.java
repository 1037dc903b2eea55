package org.veilgrid.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.veilgrid.core.tls.CertificateAuthority;
import org.veilgrid.mpc.aggregation.Round;

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
    void separateProcessesCountOnlyTheRegisteredClientsEachOnce() throws Exception {
        Path dir = tmp.resolve("round");
        Run setup = Run.veil("aggregate", "setup", "--local-demo", "--dir", dir.toString(), "--clients", "4", "--dim", "3",
                "--committee", "3", "--threshold", "2");
        assertEquals(0, setup.exit(), setup.err());
        // An identity the round's CA issued to someone who is not a registered client.
        CertificateAuthority.load(dir).issue("mallory").save(dir);
        Round round = AggregateFiles.readRound(dir);
        String loner = round.clients().stream()
                .filter(c -> round.committee().stream().noneMatch(s -> s.memberId.equals(c))).findFirst().orElseThrow();
        File out = tmp.resolve("server.out").toFile();
        File err = tmp.resolve("server.err").toFile();
        Process server = veilProcess(List.of("aggregate", "server", "--dir", dir.toString(), "--client-seconds", "60",
                "--member-seconds", "60", "--json")).redirectOutput(out).redirectError(err).start();
        try {
            String at = "127.0.0.1:" + waitForPort(err.toPath());
            long[][] inputs = {{1, 2, 3}, {10, 20, 30}, {-5, 0, 5}, {100, 100, 100}};
            // The server's own identity cannot even call: its certificate is for serving only.
            Run self = Run.veil("aggregate", "client", "--dir", dir.toString(), "--id", "aggregation-server",
                    "--server", at, "--values", "1000000,1000000,1000000");
            assertEquals(2, self.exit(), self::toString);
            assertTrue(self.err().contains("TLS handshake"), self::toString);
            // An identity the CA issued to someone who is not registered is refused by the server.
            Run mallory = Run.veil("aggregate", "client", "--dir", dir.toString(), "--id", "mallory", "--server", at,
                    "--values", "1000000,1000000,1000000");
            assertEquals(2, mallory.exit(), mallory::toString);
            assertTrue(mallory.err().contains("mallory is not registered"), mallory::toString);
            // A client that holds no seat sends its values on standard input (not on its command
            // line), then tries a second message, which is refused.
            int lonerIndex = round.clients().indexOf(loner);
            Path lonerValues = tmp.resolve("loner.txt");
            Files.writeString(lonerValues, joined(inputs[lonerIndex], "\n") + "\n");
            Process first = veilProcess(List.of("aggregate", "client", "--dir", dir.toString(), "--id", loner,
                    "--server", at, "--values-file", "-")).redirectInput(lonerValues.toFile())
                    .redirectErrorStream(true).start();
            String firstOutput = new String(first.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(first.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, first.exitValue(), firstOutput);
            Run again = Run.veil("aggregate", "client", "--dir", dir.toString(), "--id", loner, "--server", at,
                    "--values", "7,7,7");
            assertEquals(2, again.exit(), again::toString);
            assertTrue(again.err().contains("already submitted"), again::toString);
            // The committee members, each in its own thread: they block until the client phase closes.
            List<Thread> threads = new ArrayList<>();
            List<Run> runs = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int c = 0; c < 4; c++) {
                String id = round.clients().get(c);
                if (id.equals(loner)) {
                    continue;
                }
                Path file = tmp.resolve(id + ".values");
                Files.writeString(file, joined(inputs[c], ", "));
                Thread t = new Thread(() -> runs.add(Run.veil("aggregate", "client", "--dir", dir.toString(), "--id", id,
                        "--server", at, "--values-file", file.toString())));
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                t.join(120_000);
            }
            assertEquals(3, runs.size());
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
            assertEquals(round.clients(), m.get("counted"), json);
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void aWrongPortIsOneErrorLineAndExitTwo() throws Exception {
        Path dir = tmp.resolve("round");
        assertEquals(0, Run.veil("aggregate", "setup", "--local-demo", "--dir", dir.toString(), "--clients", "2", "--dim", "2",
                "--committee", "1", "--threshold", "1").exit());
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Process p = veilProcess(List.of("aggregate", "client", "--dir", dir.toString(), "--id", "client-00000",
                "--server", "127.0.0.1:" + port, "--values", "1,2")).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), stderr);
        List<String> lines = stderr.lines().toList();
        assertEquals(1, lines.size(), stderr);
        assertTrue(lines.get(0).contains("127.0.0.1:" + port) && lines.get(0).contains("connection refused"), stderr);
    }

    @Test
    void aServerPortInUseIsOneErrorLineAndExitTwo() throws Exception {
        Path dir = tmp.resolve("round");
        assertEquals(0, Run.veil("aggregate", "setup", "--local-demo", "--dir", dir.toString(), "--clients", "2", "--dim", "2",
                "--committee", "1", "--threshold", "1").exit());
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            Run r = Run.veil("aggregate", "server", "--dir", dir.toString(), "--port", String.valueOf(port));
            assertEquals(2, r.exit(), r::toString);
            assertEquals(1, r.err().lines().count(), r::toString);
            assertTrue(r.err().contains("cannot listen on 127.0.0.1:" + port), r::toString);
        }
    }

    @Test
    void aServerKilledWhileAMemberWaitsIsOneErrorLine() throws Exception {
        Path dir = tmp.resolve("round");
        assertEquals(0, Run.veil("aggregate", "setup", "--local-demo", "--dir", dir.toString(), "--clients", "2", "--dim", "2",
                "--committee", "1", "--threshold", "1").exit());
        String member = AggregateFiles.readRound(dir).committee().get(0).memberId;
        File err = tmp.resolve("server.err").toFile();
        Process server = veilProcess(List.of("aggregate", "server", "--dir", dir.toString(), "--client-seconds", "120"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err).start();
        try {
            int port = waitForPort(err.toPath());
            Process client = veilProcess(List.of("aggregate", "client", "--dir", dir.toString(), "--id", member,
                    "--server", "127.0.0.1:" + port, "--values", "1,2")).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            java.io.BufferedReader stderr = new java.io.BufferedReader(
                    new java.io.InputStreamReader(client.getErrorStream(), StandardCharsets.UTF_8));
            String sent = stderr.readLine();
            assertTrue(sent != null && sent.contains("sent its message"), String.valueOf(sent));
            // The member now waits for its task; the server goes away.
            server.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
            // Besides its progress line (it holds a seat and waits), one line: the error.
            List<String> rest = stderr.lines().filter(l -> !l.contains("waiting for the server's task")).toList();
            assertTrue(client.waitFor(120, TimeUnit.SECONDS));
            assertEquals(2, client.exitValue(), String.join("\n", rest));
            assertEquals(1, rest.size(), String.join("\n", rest));
            assertTrue(rest.get(0).contains("127.0.0.1:" + port), rest.get(0));
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void demoRefusesADropoutThatLeavesFewerClientsThanTheMinimum() {
        Run r = Run.veil("aggregate", "demo", "--clients", "100", "--dim", "4", "--dropout", "0.99", "--json");
        assertEquals(2, r.exit(), r::toString);
        assertEquals("", r.out(), r::toString);
        assertTrue(r.err().contains("leaves 1 of 100") && r.err().contains("at least 2"), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        Run one = Run.veil("aggregate", "demo", "--clients", "1", "--dim", "4");
        assertEquals(2, one.exit(), one::toString);
        assertTrue(one.err().contains("--min-counted"), one::toString);
        Run setup = Run.veil("aggregate", "setup", "--local-demo", "--dir", tmp.resolve("r").toString(), "--clients", "3", "--min-counted", "4");
        assertEquals(2, setup.exit(), setup::toString);
    }

    @Test
    @SuppressWarnings("unchecked")
    void demoOkReportsTheCheckedOneMessagePerClient() {
        Run r = Run.veil("aggregate", "demo", "--clients", "6", "--dim", "5", "--dropout", "0.5", "--committee", "3",
                "--json");
        assertEquals(0, r.exit(), r::toString);
        Map<String, Object> m = (Map<String, Object>) MiniJson.parse(r.out());
        assertEquals(Boolean.TRUE, m.get("ok"));
        assertEquals(Boolean.TRUE, m.get("oneMessagePerClient"));
        assertEquals(3, ((List<Object>) m.get("counted")).size());
    }

    @Test
    void aNonPositiveBoundIsRefusedBeforeTheInputsAreRead() throws Exception {
        Path csv = tmp.resolve("inputs.csv");
        Files.writeString(csv, "1,2\n3,4\n");
        for (String bound : List.of("-5", "0", String.valueOf(Long.MAX_VALUE))) {
            Run r = Run.veil("aggregate", "demo", "--inputs", csv.toString(), "--bound", bound);
            assertEquals(2, r.exit(), r::toString);
            assertTrue(r.err().contains("--bound") && r.err().contains("input bound must lie in [1, "), r::toString);
            assertFalse(r.err().contains("--5"), r::toString);
        }
        Run setup = Run.veil("aggregate", "setup", "--local-demo", "--dir", tmp.resolve("r").toString(), "--bound", "-5");
        assertEquals(2, setup.exit(), setup::toString);
        assertTrue(setup.err().contains("input bound must be at least 1, got -5"), setup::toString);
    }

    @Test
    @SuppressWarnings("unchecked")
    void csvInputsMayStartWithAByteOrderMarkAndUseCrlfAndTrailingBlankLines() throws Exception {
        Path csv = tmp.resolve("excel.csv");
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        for (String body : List.of("1,2,3\r\n4,5,6\r\n\r\n\r\n", "# exported\r\n1, 2, 3\r\n4,5,6\r\n  \n", "1,2,3\r4,5,6\r")) {
            Files.write(csv, concat(bom, body.getBytes(StandardCharsets.UTF_8)));
            Run r = Run.veil("aggregate", "demo", "--inputs", csv.toString(), "--dropout", "0", "--committee", "2",
                    "--threshold", "2", "--json");
            assertEquals(0, r.exit(), r::toString);
            Map<String, Object> m = (Map<String, Object>) MiniJson.parse(r.out());
            assertEquals(List.of(5L, 7L, 9L), ((List<Object>) m.get("sum")).stream().map(o -> ((Number) o).longValue()).toList());
        }
    }

    @Test
    void errorsQuoteInputsWithControlCharactersEscaped() throws Exception {
        Path csv = tmp.resolve("inputs.csv");
        // Inside the cell: the reader trims control characters only at its ends.
        Files.writeString(csv, "1,2\n3,r\u001b[31m\u0007ed\n");
        Run r = Run.veil("aggregate", "demo", "--inputs", csv.toString());
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains(":2:2") && r.err().contains("'r\\u001b[31m\\u0007ed'"), r::toString);
        assertNoControlCharacters(r.err());
        Run server = Run.veil("aggregate", "client", "--dir", tmp.resolve("none").toString(), "--id", "a", "--server",
                "\u001b]0;owned\u0007", "--no-input");
        assertEquals(2, server.exit(), server::toString);
        assertNoControlCharacters(server.err());
        Run id = Run.veil("aggregate", "client", "--dir", tmp.resolve("none").toString(), "--id", "x\r\u001b[2K",
                "--server", "127.0.0.1:1", "--no-input");
        assertEquals(2, id.exit(), id::toString);
        assertTrue(id.err().contains("x\\r\\u001b[2K"), id::toString);
        assertNoControlCharacters(id.err());
        Run dir = Run.veil("aggregate", "server", "--dir", tmp.resolve("a\u001b[2Jb").toString());
        assertEquals(2, dir.exit(), dir::toString);
        assertNoControlCharacters(dir.err());
    }

    @Test
    void aValuesFileErrorNamesThePositionButNotTheText() throws Exception {
        Path dir = tmp.resolve("round");
        assertEquals(0, Run.veil("aggregate", "setup", "--local-demo", "--dir", dir.toString(), "--clients", "2", "--dim", "3",
                "--committee", "1", "--threshold", "1").exit());
        Path values = tmp.resolve("values.txt");
        Files.writeString(values, "\uFEFF12\n34\n5x6secret\n");
        Run r = Run.veil("aggregate", "client", "--dir", dir.toString(), "--id", "client-00000", "--server",
                "127.0.0.1:1", "--values-file", values.toString());
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains("value 3 is not an integer"), r::toString);
        assertFalse(r.err().contains("secret"), r::toString);
        Run both = Run.veil("aggregate", "client", "--dir", dir.toString(), "--id", "client-00000", "--server",
                "127.0.0.1:1", "--values-file", values.toString(), "--values", "1,2,3");
        assertEquals(2, both.exit(), both::toString);
        assertTrue(both.err().contains("exactly one of"), both::toString);
    }

    private static void assertNoControlCharacters(String text) {
        assertTrue(text.chars().noneMatch(c -> c != '\n' && Character.isISOControl(c)), () -> "control character in: " + text);
    }

    private static String joined(long[] values, String separator) {
        return java.util.Arrays.stream(values).mapToObj(Long::toString).collect(java.util.stream.Collectors.joining(separator));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** {@code veil} in its own JVM (the test class path), with VEIL_DEBUG unset. */
    private static ProcessBuilder veilProcess(List<String> args) {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", cp, Main.class.getName()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("VEIL_DEBUG");
        return pb;
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
