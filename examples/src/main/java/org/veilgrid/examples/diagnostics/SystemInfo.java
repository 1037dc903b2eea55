package org.veilgrid.examples.diagnostics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The machine and JVM {@code veil doctor} describes.
 *
 * @param javaVersion  {@code java.version}
 * @param javaVendor   {@code java.vendor}
 * @param javaHome     {@code java.home}
 * @param javaVm       VM name and version
 * @param os           {@code os.name}
 * @param osVersion    {@code os.version}
 * @param arch         {@code os.arch}
 * @param cpuModel     the first "model name" of /proc/cpuinfo, if there is one
 * @param cpus         processors available to the JVM
 */
public record SystemInfo(String javaVersion, String javaVendor, String javaHome, String javaVm,
                         String os, String osVersion, String arch, Optional<String> cpuModel, int cpus) {

    private static final Path CPUINFO = Path.of("/proc/cpuinfo");

    /** Reads the properties of this JVM and machine. */
    public static SystemInfo collect() {
        return new SystemInfo(
                System.getProperty("java.version", "unknown"),
                System.getProperty("java.vendor", "unknown"),
                System.getProperty("java.home", "unknown"),
                System.getProperty("java.vm.name", "unknown") + " " + System.getProperty("java.vm.version", ""),
                System.getProperty("os.name", "unknown"),
                System.getProperty("os.version", "unknown"),
                System.getProperty("os.arch", "unknown"),
                cpuModel(CPUINFO),
                Runtime.getRuntime().availableProcessors());
    }

    /** The CPU model named in a cpuinfo file ("model name", or "Processor"/"cpu model" elsewhere). */
    static Optional<String> cpuModel(Path cpuinfo) {
        if (!Files.isReadable(cpuinfo)) {
            return Optional.empty();
        }
        try {
            return parseCpuModel(Files.readAllLines(cpuinfo, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static Optional<String> parseCpuModel(List<String> lines) {
        for (String key : List.of("model name", "cpu model", "Processor", "Model")) {
            for (String line : lines) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
                    String v = line.substring(colon + 1).trim().replaceAll("\\s+", " ");
                    if (!v.isEmpty()) {
                        return Optional.of(v);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
