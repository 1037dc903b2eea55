package org.veilgrid.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client dials a grid node by name: a node process that holds another participant's valid
 * certificate from the same CA, listening where the client expects {@code node-0}, is refused in
 * the handshake (issue #13 item 1).
 */
class PeerIdentityCheckTest {
    @TempDir
    Path dir;

    /** A {@code veil} JVM whose stderr is read line by line. */
    private static Process veilProcess(String... args) throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", cp, Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("VEIL_DEBUG");
        return pb.start();
    }

    /** Waits for the node's "listening" line, or fails with what it printed instead. */
    private static void awaitListening(Process node) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = r.readLine()) != null) {
            seen.append(line).append('\n');
            if (line.contains("listening on")) {
                return;
            }
        }
        throw new AssertionError("the node did not start:\n" + seen);
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void aClientRefusesANodeThatIsNotTheOneItDialled() throws Exception {
        Path model = dir.resolve("model.bin");
        assertEquals(0, Run.veil("grid", "train", "--order", "2", "--out", model.toString()).exit());
        Path setup = dir.resolve("grid");
        Run made = Run.veil("grid", "setup", "--local-demo", "--dir", setup.toString(), "--nodes", "2", "--clients", "2");
        assertEquals(0, made.exit(), made::toString);
        int port = freePort();
        Process impostor = veilProcess("grid", "node", "--dir", setup.toString(), "--name", "node-1",
                "--model", model.toString(), "--port", Integer.toString(port), "--seconds", "60");
        try {
            awaitListening(impostor);
            Run refused = Run.veil("grid", "complete", "--node", "127.0.0.1:" + port, "--dir", setup.toString(),
                    "--node-name", "node-0", "--context", "government of the peo", "--bytes", "3");
            assertEquals(Main.EXIT_USAGE, refused.exit(), refused::toString);
            assertTrue(refused.err().contains("'node-1'") && refused.err().contains("'node-0'"),
                    "the error names who answered and whom the client meant: " + refused);
            assertEquals(1, refused.err().strip().lines().count(), refused::toString);
            // Control: the same node, dialled by its own name, answers.
            Run meant = Run.veil("grid", "complete", "--node", "127.0.0.1:" + port, "--dir", setup.toString(),
                    "--node-name", "node-1", "--context", "government of the peo", "--bytes", "3");
            assertEquals(0, meant.exit(), meant::toString);
        } finally {
            impostor.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aClientCertificateCannotServeAsANode() throws Exception {
        Path model = dir.resolve("model.bin");
        assertEquals(0, Run.veil("grid", "train", "--order", "2", "--out", model.toString()).exit());
        Path setup = dir.resolve("grid");
        assertEquals(0, Run.veil("grid", "setup", "--local-demo", "--dir", setup.toString(), "--clients", "2").exit());
        // client-1 has obtained a promise key, so that only its certificate's usage can stop it.
        java.nio.file.Files.copy(setup.resolve("node-0.promise.key"), setup.resolve("client-1.promise.key"));
        java.nio.file.Files.copy(setup.resolve("node-0.promise.pub"), setup.resolve("client-1.promise.pub"));
        int port = freePort();
        // client-1 starts a node under its own certificate and is dialled by that very name.
        Process impostor = veilProcess("grid", "node", "--dir", setup.toString(), "--name", "client-1",
                "--model", model.toString(), "--port", Integer.toString(port), "--seconds", "60");
        try {
            awaitListening(impostor);
            Run refused = Run.veil("grid", "complete", "--node", "127.0.0.1:" + port, "--dir", setup.toString(),
                    "--node-name", "client-1", "--context", "government of the peo", "--bytes", "3");
            assertEquals(Main.EXIT_USAGE, refused.exit(), refused::toString);
        } finally {
            impostor.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
