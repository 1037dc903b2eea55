package org.veilgrid.examples.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** `veil` as a separate JVM with this build's classes, its output in {@code dir/NAME.out|.err}. */
final class VeilProcess {
    private VeilProcess() {
    }

    static Process start(Path dir, String name, String... args) throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", cp, Main.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile()).start();
    }

    static String read(Path dir, String file) throws IOException {
        return Files.readString(dir.resolve(file), StandardCharsets.UTF_8);
    }

    /**
     * The one error line of process {@code name} (the line of {@code dir/NAME.err} that starts with
     * {@code prefix}, e.g. "veil mpc party:"); fails unless there is exactly one. Progress lines
     * before it are allowed.
     */
    static String errorLine(Path dir, String name, String prefix) throws IOException {
        String err = read(dir, name + ".err");
        List<String> lines = err.lines().filter(l -> l.startsWith(prefix)).toList();
        if (lines.size() != 1) {
            throw new AssertionError(name + ": expected one line starting with '" + prefix + "', got:\n" + err);
        }
        return lines.get(0);
    }

    /** Waits until something accepts connections at host:port, while {@code p} is alive. */
    static void awaitListening(Process p, String host, int port) throws Exception {
        long end = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < end) {
            if (!p.isAlive()) {
                throw new AssertionError("the process exited (" + p.exitValue() + ") before listening on " + host + ":" + port);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("nothing listens on " + host + ":" + port + " after 60 s");
    }
}
