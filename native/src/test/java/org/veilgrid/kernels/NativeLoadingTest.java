package org.veilgrid.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NativeLoadingTest {
    /**
     * The build compiles the library on every machine it supports (Linux x86-64 with gcc), so a
     * library that does not load here is a build bug, not a reason to quietly skip the
     * native-vs-Java tests.
     */
    @Test
    void libraryLoadsUnlessDisabled() {
        NativeStatus s = NativeLibrary.status();
        if (s.disabledByUser()) {
            assertEquals(Backend.JAVA, Kernels.get().backend());
            return;
        }
        assertTrue(s.loaded(), "native library failed to load: " + s.failure().orElse("?"));
        assertEquals(Backend.NATIVE, Kernels.get().backend());
        assertTrue(s.version().orElseThrow().startsWith("veilgrid-kernels"));
        assertTrue(s.activeIsa().isPresent());
    }

    /** Runs {@link NativeProbe} in a fresh JVM, which is the only way to test first-load behaviour. */
    private static List<String> probe(List<String> jvmArgs, String nativeEnv) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(NativeProbe.class.getName());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("VEIL_NATIVE");
        pb.environment().remove("VEIL_NATIVE_ISA");
        if (nativeEnv != null) {
            pb.environment().put("VEIL_NATIVE", nativeEnv);
        }
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe JVM timed out");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out.lines().toList();
    }

    @Test
    void veilNativeOffForcesTheJavaTwin() throws Exception {
        List<String> out = probe(List.of(), "off");
        assertTrue(out.contains("backend=JAVA"), out.toString());
        assertTrue(out.contains("disabled=true"), out.toString());
    }

    @Test
    void systemPropertyOffForcesTheJavaTwin() throws Exception {
        List<String> out = probe(List.of("-Dveil.native=off"), null);
        assertTrue(out.contains("backend=JAVA"), out.toString());
    }

    @Test
    void anUnsupportedPlatformFallsBackWithOneLogLine() throws Exception {
        List<String> out = probe(List.of("-Dos.arch=riscv64"), null);
        assertTrue(out.contains("backend=JAVA"), out.toString());
        assertTrue(out.contains("result=ok"), "the Java twin still computes: " + out);
        long warnings = out.stream().filter(l -> l.contains("native kernels unavailable")).count();
        assertEquals(1, warnings, out.toString());
    }
}
