package org.veilgrid.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GridCommandTest {
    @TempDir
    Path dir;

    @Test
    void trainThenComplete() throws Exception {
        Path model = dir.resolve("model.bin");
        Run train = Run.veil("grid", "train", "--order", "3", "--out", model.toString(), "--json");
        assertEquals(0, train.exit(), train.err());
        assertTrue(train.out().contains("\"contexts\""), train.out());
        Run done = Run.veil("grid", "complete", "--model", model.toString(), "--context", "government of the peo");
        assertEquals(0, done.exit(), done.err());
        assertTrue(done.out().startsWith("government of the people"), done.out());

        Path corpus = dir.resolve("c.txt");
        Files.writeString(corpus, "abababab");
        assertEquals(0, Run.veil("grid", "train", "--corpus", corpus.toString(), "--order", "1", "--out", model.toString()).exit());
        Run ab = Run.veil("grid", "complete", "--model", model.toString(), "--context", "a", "--json");
        assertTrue(ab.out().contains("\"continuation\": \"babababababababa\""), ab.out());

        Files.write(dir.resolve("bad.bin"), new byte[] {1, 2, 3});
        Run bad = Run.veil("grid", "complete", "--model", dir.resolve("bad.bin").toString(), "--context", "x");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("magic"), bad.err());
        assertEquals(2, Run.veil("grid", "train", "--order", "9", "--out", model.toString()).exit());
    }

    @Test
    void aNodeServesCompletionsToAClient() throws Exception {
        Path model = dir.resolve("model.bin");
        assertEquals(0, Run.veil("grid", "train", "--out", model.toString()).exit());
        Path setup = dir.resolve("grid");
        assertEquals(0, Run.veil("grid", "setup", "--dir", setup.toString()).exit());
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String[] nodeArgs = {"grid", "node", "--dir", setup.toString(), "--model", model.toString(), "--port",
            Integer.toString(port), "--seconds", "20"};
        var node = java.util.concurrent.CompletableFuture.supplyAsync(() -> Run.veil(nodeArgs));
        Run remote = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            remote = Run.veil("grid", "complete", "--node", "127.0.0.1:" + port, "--dir", setup.toString(),
                    "--context", "government of the peo", "--bytes", "3");
            if (remote.exit() == 0) {
                break;
            }
            Thread.sleep(200); // the node is still starting
        }
        assertEquals(0, remote.exit(), remote.toString());
        assertEquals("government of the peo" + "ple", remote.out().trim());
        Run local = Run.veil("grid", "complete", "--model", model.toString(), "--context", "government of the peo", "--bytes", "3");
        assertEquals(remote.out(), local.out());
        Run sealed = Run.veil("grid", "complete", "--node", "127.0.0.1:" + port, "--dir", setup.toString(),
                "--context", "government of the peo", "--bytes", "3", "--encrypted");
        assertEquals(0, sealed.exit(), sealed.toString());
        assertEquals(remote.out(), sealed.out(), "the encrypted path returns what the plaintext one does");
        assertEquals(2, Run.veil("grid", "complete", "--context", "x").exit(), "needs --model or --node");
        assertEquals(2, Run.veil("grid", "complete", "--node", "127.0.0.1:" + port, "--dir", setup.toString(),
                "--context", "x", "--bytes", "17").exit());
        node.cancel(true);
    }
}
