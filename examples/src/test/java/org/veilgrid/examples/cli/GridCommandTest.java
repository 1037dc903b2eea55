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
}
