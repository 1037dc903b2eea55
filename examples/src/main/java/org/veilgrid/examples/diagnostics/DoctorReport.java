package org.veilgrid.examples.diagnostics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.veilgrid.kernels.Kernels;
import org.veilgrid.kernels.NativeLibrary;
import org.veilgrid.kernels.NativeStatus;

/**
 * Everything {@code veil doctor} reports: the JVM and machine, the native library's state, and
 * the NTT self-check (native against Java on a random polynomial).
 *
 * @param veilVersion  the project version
 * @param system       JVM and machine
 * @param nativeStatus what the native loader found
 * @param isaCap       the VEIL_NATIVE_ISA cap, if one is set
 * @param kernels      the kernels {@link Kernels#get()} hands out, e.g. "native avx512ifma"
 * @param selfCheck    the NTT round-trip self-check
 */
public record DoctorReport(String veilVersion, SystemInfo system, NativeStatus nativeStatus,
                           Optional<String> isaCap, String kernels, CheckResult selfCheck) {

    /** Ring degree of the self-check. */
    public static final int SELF_CHECK_N = 4096;

    /** Collects the report, loading the native library if that has not happened yet. */
    public static DoctorReport collect(String veilVersion) {
        NativeStatus st = NativeLibrary.status();
        CheckResult check = NttChecks.roundTrip(SELF_CHECK_N, new SplittableRandom());
        String cap = System.getenv("VEIL_NATIVE_ISA");
        return new DoctorReport(veilVersion, SystemInfo.collect(), st,
                cap == null || cap.isBlank() ? Optional.empty() : Optional.of(cap.trim()),
                Kernels.get().describe(), check);
    }

    /** One phrase for the native library's state: "avx512ifma loaded", "off (VEIL_NATIVE=off)", ... */
    public static String nativeSummary(NativeStatus st) {
        return st.loaded() ? st.activeIsa().orElse("?") + " loaded" : nativeState(st) + ", using the Java twin";
    }

    /** Like {@link #nativeSummary} without the fallback: "avx2 loaded", "not loaded (why)", ... */
    public static String nativeState(NativeStatus st) {
        if (st.loaded()) {
            return st.activeIsa().orElse("?") + " loaded";
        }
        if (st.disabledByUser()) {
            return "off (VEIL_NATIVE=off)";
        }
        return "not loaded (" + st.failure().orElse("unknown reason") + ")";
    }

    /** The report as one JSON object (insertion-ordered keys). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("veilVersion", veilVersion);
        m.put("javaVersion", system.javaVersion());
        m.put("javaVendor", system.javaVendor());
        m.put("javaHome", system.javaHome());
        m.put("javaVm", system.javaVm());
        m.put("os", system.os());
        m.put("osVersion", system.osVersion());
        m.put("arch", system.arch());
        m.put("cpuModel", system.cpuModel());
        m.put("cpus", system.cpus());
        m.put("cpuFeatures", nativeStatus.cpuFeatures());
        m.put("nativeLoaded", nativeStatus.loaded());
        m.put("nativeDisabledByUser", nativeStatus.disabledByUser());
        m.put("nativeFailure", nativeStatus.failure());
        m.put("nativeLibraryPath", nativeStatus.libraryPath());
        m.put("nativeVersion", nativeStatus.version());
        m.put("supportedIsa", nativeStatus.supportedIsa());
        m.put("activeIsa", nativeStatus.activeIsa());
        m.put("isaCap", isaCap);
        m.put("kernels", kernels);
        m.put("selfCheck", selfCheck.status());
        m.put("selfCheckDetail", selfCheck.detail());
        return m;
    }

    /** The report as (key, value) rows for an aligned human listing. */
    public List<String[]> toRows() {
        List<String[]> rows = new ArrayList<>();
        rows.add(row("veil", veilVersion));
        rows.add(row("java", system.javaVersion() + " (" + system.javaVendor() + ")"));
        rows.add(row("java home", system.javaHome()));
        rows.add(row("os", system.os() + " " + system.osVersion() + " " + system.arch()));
        rows.add(row("cpu", system.cpuModel().orElse("unknown") + " (" + system.cpus() + " cpus)"));
        rows.add(row("native library", nativeSummary(nativeStatus)));
        if (nativeStatus.loaded()) {
            rows.add(row("library version", nativeStatus.version().orElse("?")));
            rows.add(row("library path", nativeStatus.libraryPath().orElse("?")));
            rows.add(row("cpu features", nativeStatus.cpuFeatures().isEmpty()
                    ? "(none of interest)" : String.join(" ", nativeStatus.cpuFeatures())));
            rows.add(row("isa supported", nativeStatus.supportedIsa().orElse("?")));
            rows.add(row("isa active", nativeStatus.activeIsa().orElse("?")
                    + isaCap.map(c -> " (VEIL_NATIVE_ISA=" + c + ")").orElse("")));
        }
        rows.add(row("kernels", kernels));
        rows.add(row("self-check", selfCheck.status() + ": " + selfCheck.detail()));
        return rows;
    }

    private static String[] row(String key, String value) {
        return new String[] {key, value};
    }
}
