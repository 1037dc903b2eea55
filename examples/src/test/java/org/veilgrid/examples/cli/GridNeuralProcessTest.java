package org.veilgrid.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A neural model from {@code veil grid train --model neural}, served by {@code veil grid node} in
 * its own process, and {@code veil grid complete --encrypted} against it: the encrypted bytes
 * equal the local (plaintext) completion by the same weights, and every promise was kept.
 */
class GridNeuralProcessTest {
    @TempDir
    Path dir;

    @Test
    void anEncryptedNeuralCompletionFromANodeProcessEqualsTheLocalOne() throws Exception {
        Path setup = dir.resolve("grid");
        assertEquals(0, Run.veil("grid", "setup", "--local-demo", "--dir", setup.toString()).exit());
        Path corpus = dir.resolve("corpus.txt");
        Files.writeString(corpus, "It is for us the living, rather, to be dedicated here to the unfinished work. ".repeat(60),
                StandardCharsets.US_ASCII);
        Path model = dir.resolve("m.vgnn");
        Run train = Run.veil("grid", "train", "--model", "neural", "--corpus", corpus.toString(), "--out", model.toString(),
                "--hidden", "16", "--epochs", "2");
        assertEquals(0, train.exit(), train::toString);
        int port = TestPorts.freeRun(1);
        Process node = VeilProcess.start(dir, "node", "grid", "node", "--dir", setup.toString(), "--model", model.toString(),
                "--port", Integer.toString(port), "--seconds", "120");
        try {
            VeilProcess.awaitListening(node, "127.0.0.1", port);
            Run sealed = Run.veil("grid", "complete", "--dir", setup.toString(), "--node", "127.0.0.1:" + port, "--encrypted",
                    "--context", "to the unfinished", "--bytes", "4", "--json");
            assertEquals(0, sealed.exit(), sealed::toString);
            assertTrue(sealed.err().contains("uploading evaluation keys") && sealed.err().contains("encrypted byte 4/4"),
                    sealed::toString);
            @SuppressWarnings("unchecked")
            Map<String, Object> j = (Map<String, Object>) MiniJson.parse(sealed.out());
            assertEquals(Boolean.TRUE, j.get("kept"), sealed::toString);
            assertEquals(4L, ((Number) j.get("calls")).longValue());
            assertTrue(String.valueOf(j.get("protocol")).startsWith("encrypted-neural-completion-1"), sealed::toString);
            assertTrue(((Number) j.get("queryBytes")).longValue() <= 1_000_000, sealed::toString);
            Run local = Run.veil("grid", "complete", "--model", model.toString(), "--context", "to the unfinished", "--bytes", "4",
                    "--json");
            assertEquals(0, local.exit(), local::toString);
            @SuppressWarnings("unchecked")
            Map<String, Object> l = (Map<String, Object>) MiniJson.parse(local.out());
            assertEquals(l.get("hex"), j.get("hex"), "encrypted and local completions differ");
            // A word where the file goes is refused in one line.
            Run word = Run.veil("grid", "node", "--dir", setup.toString(), "--model", "neural", "--seconds", "1");
            assertEquals(2, word.exit(), word::toString);
            assertTrue(word.err().contains("its kind is read from the file"), word::toString);
        } finally {
            node.destroyForcibly();
        }
    }
}
