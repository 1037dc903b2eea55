package org.veilgrid.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What the tests of participants run as replica processes share: folder copies, start-up, refusals. */
final class ReplicaProcesses {
    private ReplicaProcesses() {
    }

    /** A copy of an identity folder, as each replica host holds one (secret files stay owner-only). */
    static Path copyOf(Path from, Path to) throws Exception {
        Files.createDirectory(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return to;
    }

    /** Waits until process {@code p} says it listens in {@code dir/LOG.err}; fails with its output if it exits first. */
    static void awaitListening(Path dir, Process p, String log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (VeilProcess.read(dir, log + ".err").contains(" listening on ")) {
                return;
            }
            if (!p.isAlive()) {
                throw new AssertionError(log + " exited " + p.exitValue() + ": " + VeilProcess.read(dir, log + ".err"));
            }
            Thread.sleep(100);
        }
        throw new AssertionError(log + " did not start listening: " + VeilProcess.read(dir, log + ".err"));
    }

    /** A `veil` process that must end by itself with a one-line refusal and exit 2; returns its stderr. */
    static String refusal(Path dir, String log, String... args) throws Exception {
        Process p = VeilProcess.start(dir, log, args);
        try {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), log + " did not finish");
        } finally {
            p.destroyForcibly();
        }
        String err = VeilProcess.read(dir, log + ".err");
        assertEquals(2, p.exitValue(), err);
        assertEquals(1, err.strip().lines().count(), err);
        assertFalse(err.contains("\tat "), err);
        return err;
    }
}
