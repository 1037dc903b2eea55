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
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code veil grid train} on large binary corpora in a JVM with a small heap (a separate process,
 * so that running out of memory would show as it does for a user): it refuses with one line,
 * never an OutOfMemoryError.
 */
class GridProcessTest {
    @TempDir
    Path tmp;

    private Run veilWithHeap(String maxHeap, String... args) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap, "-cp", cp, Main.class.getName()));
        cmd.addAll(List.of(args));
        File out = tmp.resolve("out").toFile();
        File err = tmp.resolve("err").toFile();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out).redirectError(err);
        pb.environment().remove("VEIL_DEBUG");
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("veil " + String.join(" ", args) + " did not finish");
        }
        return new Run(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                Files.readString(err.toPath(), StandardCharsets.UTF_8));
    }

    private Path randomFile(String name, int size) throws Exception {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        Path f = tmp.resolve(name);
        Files.write(f, b);
        return f;
    }

    private static void assertOneLineRefusal(Run r, String expected) {
        assertEquals(2, r.exit(), r::toString);
        assertFalse(r.err().contains("OutOfMemoryError") || r.err().contains("\tat "), r::toString);
        assertEquals(1, r.err().strip().lines().count(), r::toString);
        assertTrue(r.err().contains(expected), r::toString);
    }

    @Test
    void trainingOnTwentyMegabytesOfRandomBytesIsRefusedInOneLine() throws Exception {
        Path big = randomFile("big.bin", 20 << 20);
        Run r = veilWithHeap("256m", "grid", "train", "--corpus", big.toString(), "--order", "4",
                "--out", tmp.resolve("m.bin").toString());
        assertOneLineRefusal(r, "at most " + (16 << 20));
    }

    @Test
    void aCorpusWithTooManyContextsIsRefusedInOneLineWithinASmallHeap() throws Exception {
        // 6 MiB of random bytes: within the size limit, but with millions of distinct 3-byte contexts.
        Path random = randomFile("random.bin", 6 << 20);
        Path model = tmp.resolve("m.bin");
        Run r = veilWithHeap("128m", "grid", "train", "--corpus", random.toString(), "--order", "3", "--out", model.toString());
        assertOneLineRefusal(r, "distinct contexts");
        assertFalse(Files.exists(model));
        // The same bytes at order 1 (256 contexts) train in the same heap.
        Run ok = veilWithHeap("128m", "grid", "train", "--corpus", random.toString(), "--order", "1", "--out", model.toString());
        assertEquals(0, ok.exit(), ok::toString);
        assertTrue(ok.out().contains("257 rows"), ok::toString);
    }
}
