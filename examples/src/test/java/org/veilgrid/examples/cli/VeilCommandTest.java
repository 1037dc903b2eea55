package org.veilgrid.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.veilgrid.kernels.NativeLibrary;

class VeilCommandTest {

    @Test
    void helpListsTheCommands() {
        Run r = Run.veil("--help");
        assertEquals(0, r.exit(), r::toString);
        for (String c : List.of("doctor", "bench", "demo")) {
            assertTrue(r.out().contains("  " + c + " "), () -> "help lacks " + c + "\n" + r);
        }
    }

    @Test
    void noCommandPrintsUsage() {
        Run r = Run.veil();
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().startsWith("Usage: veil"), r::toString);
    }

    @Test
    void benchHelpPointsToJmh() {
        Run r = Run.veil("bench", "ntt", "--help");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("JMH benchmarks in bench/"), r::toString);
    }

    @Test
    void versionNamesProjectJavaAndKernels() {
        Run r = Run.veil("--version");
        assertEquals(0, r.exit(), r::toString);
        String version = VersionProvider.projectVersion();
        assertNotEquals("unknown", version, "veil-version.properties was not filtered");
        assertFalse(version.contains("${"), version);
        assertTrue(r.out().startsWith("veil " + version + System.lineSeparator()), r::toString);
        assertTrue(r.out().contains("Java " + System.getProperty("java.version")), r::toString);
        assertTrue(r.out().contains("native kernels: "), r::toString);
    }

    @Test
    void doctorJsonIsOneObjectWithAPassingSelfCheck() {
        Run r = Run.veil("doctor", "--json");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().startsWith("{"), r::toString);
        assertTrue(r.out().contains("\"nativeLoaded\""), r::toString);
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) MiniJson.parse(r.out());
        assertEquals("ok", m.get("selfCheck"), r::toString);
        assertEquals(NativeLibrary.isLoaded(), m.get("nativeLoaded"));
        assertEquals(System.getProperty("java.version"), m.get("javaVersion"));
        for (String key : List.of("javaVendor", "javaHome", "os", "arch", "cpuModel", "cpuFeatures",
                "nativeLibraryPath", "supportedIsa", "activeIsa", "nativeDisabledByUser", "nativeFailure")) {
            assertTrue(m.containsKey(key), () -> "no " + key + " in " + r.out());
        }
        if (NativeLibrary.isLoaded()) {
            assertTrue(Set.of("portable", "avx2", "avx512", "avx512ifma").contains(m.get("activeIsa")), r::toString);
            assertTrue(m.get("nativeLibraryPath") instanceof String, r::toString);
        }
    }

    @Test
    void doctorListingIsAligned() {
        Run r = Run.veil("doctor");
        assertEquals(0, r.exit(), r::toString);
        List<String> lines = r.out().lines().collect(Collectors.toList());
        assertTrue(lines.stream().anyMatch(l -> l.matches("self-check +ok: .*")), r::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("native library ")), r::toString);
        // Every value starts in the same column.
        int col = lines.get(0).indexOf(VersionProvider.projectVersion());
        for (String l : lines) {
            assertTrue(l.length() > col && l.charAt(col - 1) == ' ' && l.charAt(col) != ' ', () -> "misaligned: " + l);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void benchNttJsonCoversBothBackends() {
        Run r = Run.veil("bench", "ntt", "--n", "1024", "--primes", "1", "--seconds", "0.05", "--json");
        assertEquals(0, r.exit(), r::toString);
        List<Object> arr = (List<Object>) MiniJson.parse(r.out());
        Set<String> expectedBackends = NativeLibrary.isLoaded() ? Set.of("native", "java") : Set.of("java");
        assertEquals(expectedBackends.size() * 2, arr.size(), r::toString);
        Set<String> seen = new java.util.HashSet<>();
        for (Object o : arr) {
            Map<String, Object> m = (Map<String, Object>) o;
            assertEquals(Set.of("n", "primes", "bits", "backend", "op", "micros", "opsPerSec"), m.keySet());
            assertEquals(1024.0, m.get("n"));
            assertEquals(1.0, m.get("primes"));
            assertEquals(60.0, m.get("bits"));
            assertTrue((Double) m.get("micros") > 0 && (Double) m.get("opsPerSec") > 0, r::toString);
            seen.add(m.get("backend") + "/" + m.get("op"));
        }
        for (String b : expectedBackends) {
            assertTrue(seen.contains(b + "/forward") && seen.contains(b + "/inverse"), r::toString);
        }
        assertTrue(r.err().contains("[1/1] N=1024 primes=1:"), r::toString);
    }

    @Test
    void benchNttTableHasOneRowPerCaseAndDirection() {
        Run r = Run.veil("bench", "ntt", "--n", "64,128", "--primes", "2", "--bits", "40", "--seconds", "0.01");
        assertEquals(0, r.exit(), r::toString);
        long rows = r.out().lines().filter(l -> l.matches(" *(64|128) +2 +(forward|inverse) .*")).count();
        assertEquals(4, rows, r::toString);
        assertTrue(r.out().contains("JMH"), r::toString);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--n|1000|--n",
        "--n|8|--n",
        "--n|262144|--n",
        "--bits|70|--bits",
        "--bits|19|--bits",
        "--primes|0|--primes",
        "--primes|65|--primes",
        "--seconds|0|--seconds",
        "--n|abc|--n",
    })
    void badBenchArgumentsExitTwoNamingTheArgument(String option, String value, String named) {
        Run r = Run.veil("bench", "ntt", option, value);
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains(named), r::toString);
        assertTrue(r.out().isEmpty(), r::toString);
        assertFalse(r.err().contains("\tat "), "no stack trace expected\n" + r);
    }

    @Test
    void bitsTooSmallForTheRingAreRejected() {
        Run r = Run.veil("bench", "ntt", "--n", "131072", "--bits", "18");
        assertEquals(2, r.exit(), r::toString);
        Run r2 = Run.veil("bench", "ntt", "--n", "65536", "--bits", "20", "--primes", "64");
        assertEquals(2, r2.exit(), r2::toString);
        assertTrue(r2.err().contains("--bits") && r2.err().contains("--primes"), r2::toString);
    }

    @Test
    void unknownCommandExitsTwo() {
        Run r = Run.veil("frobnicate");
        assertEquals(2, r.exit(), r::toString);
    }

    @Test
    void demoRunsItsStepsAndSummarises() {
        Run r = Run.veil("demo");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("Veilgrid demo: native kernels "), r::toString);
        assertTrue(r.out().contains("NTT self-check ok"), r::toString);
        assertTrue(r.out().contains("NTT multiplication check ok"), r::toString);
        assertTrue(r.out().contains("matrix-vector product ok"), r::toString);
    }

    @Test
    @SuppressWarnings("unchecked")
    void demoJsonReportsEachStep() {
        Run r = Run.veil("demo", "--json");
        assertEquals(0, r.exit(), r::toString);
        Map<String, Object> m = (Map<String, Object>) MiniJson.parse(r.out());
        assertEquals(Boolean.TRUE, m.get("ok"));
        List<Object> steps = (List<Object>) m.get("steps");
        assertEquals(org.veilgrid.examples.demo.Demo.steps().size(), steps.size());
        assertTrue(r.out().contains("encrypted query"), r::toString);
        for (Object s : steps) {
            assertEquals(Boolean.TRUE, ((Map<String, Object>) s).get("ok"), r::toString);
        }
    }
}
