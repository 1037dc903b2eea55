package org.veilgrid.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code veil} as a separate JVM: {@link Main#main}'s exit codes, and the Java-only path with
 * VEIL_NATIVE=off (the native library's state is fixed for the life of a JVM).
 */
class ProcessTest {
    @TempDir
    Path tmp;

    private Run java(Map<String, String> env, String... args) throws IOException, InterruptedException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", cp, Main.class.getName()));
        cmd.addAll(List.of(args));
        File out = tmp.resolve("out").toFile();
        File err = tmp.resolve("err").toFile();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out).redirectError(err);
        pb.environment().remove("VEIL_DEBUG");
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("veil " + String.join(" ", args) + " did not finish");
        }
        return new Run(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                Files.readString(err.toPath(), StandardCharsets.UTF_8));
    }

    @Test
    @SuppressWarnings("unchecked")
    void javaOnlyWhenNativeIsOff() throws Exception {
        Run d = java(Map.of("VEIL_NATIVE", "off"), "doctor", "--json");
        assertEquals(0, d.exit(), d::toString);
        Map<String, Object> m = (Map<String, Object>) MiniJson.parse(d.out());
        assertEquals(Boolean.FALSE, m.get("nativeLoaded"));
        assertEquals(Boolean.TRUE, m.get("nativeDisabledByUser"));
        assertEquals("ok", m.get("selfCheck"));
        assertEquals("java", m.get("kernels"));

        Run b = java(Map.of("VEIL_NATIVE", "off"), "bench", "ntt", "--n", "64", "--primes", "1", "--seconds", "0.01", "--json");
        assertEquals(0, b.exit(), b::toString);
        List<Object> arr = (List<Object>) MiniJson.parse(b.out());
        assertEquals(2, arr.size(), b::toString);
        for (Object o : arr) {
            assertEquals("java", ((Map<String, Object>) o).get("backend"));
        }
        assertTrue(b.err().contains("measuring the Java twin only"), b::toString);
    }

    @Test
    void mainExitsWithTheCommandsCode() throws Exception {
        Run bad = java(Map.of(), "bench", "ntt", "--bits", "70");
        assertEquals(2, bad.exit(), bad::toString);
        assertTrue(bad.err().contains("--bits"), bad::toString);
        Run ok = java(Map.of(), "--version");
        assertEquals(0, ok.exit(), ok::toString);
        assertTrue(ok.out().startsWith("veil "), ok::toString);
    }

    /** The message a refused connection produces carries the gRPC cause's stack trace. */
    @Test
    void aRefusedConnectionIsOneErrorLine() throws Exception {
        Path dir = tmp.resolve("agg");
        Run setup = java(Map.of(), "aggregate", "setup", "--local-demo", "--dir", dir.toString(), "--clients", "3");
        assertEquals(0, setup.exit(), setup::toString);
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Run r = java(Map.of(), "aggregate", "client", "--dir", dir.toString(), "--id", "client-00000",
                "--server", "127.0.0.1:" + closedPort, "--values", "1,2");
        assertEquals(Main.EXIT_USAGE, r.exit(), r::toString);
        List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), r::toString);
        assertTrue(lines.get(0).startsWith("veil aggregate client: "), r::toString);

        Run verbose = java(Map.of(), "aggregate", "client", "--dir", dir.toString(), "--id", "client-00000",
                "--server", "127.0.0.1:" + closedPort, "--values", "1,2", "--verbose");
        assertTrue(verbose.err().contains("\tat "), "--verbose shows the stack trace: " + verbose);
    }
}
