package org.veilgrid.kernels;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Loads libveilkernels once, on first use. The library travels inside the jar; it is copied to a
 * private temporary file because {@code System.load} needs a real path. Anything that goes wrong
 * (another OS or CPU architecture, a missing resource, a load error) leaves the Java twin in
 * charge and is logged in one line — never an exception to the caller.
 */
public final class NativeLibrary {
    /** Resource path of the library for linux-x86_64, the one platform built today. */
    static final String RESOURCE = "/org/veilgrid/kernels/native/linux-x86_64/libveilkernels.so";

    private static final System.Logger LOG = System.getLogger(NativeLibrary.class.getName());

    private static final String[] FEATURE_NAMES = {
        "avx2", "avx512f", "avx512dq", "avx512vl", "avx512bw", "avx512ifma", "aes", "bmi2",
        "os-zmm", "os-ymm"
    };

    private static volatile NativeStatus status;
    private static boolean attempted;

    private NativeLibrary() {
    }

    /** True if the user asked for the Java twin through VEIL_NATIVE=off or -Dveil.native=off. */
    static boolean disabledByUser() {
        String prop = System.getProperty("veil.native");
        String env = System.getenv("VEIL_NATIVE");
        return isOff(prop) || (prop == null && isOff(env));
    }

    private static boolean isOff(String v) {
        if (v == null) {
            return false;
        }
        String s = v.trim().toLowerCase(Locale.ROOT);
        return s.equals("off") || s.equals("false") || s.equals("0") || s.equals("no");
    }

    /** Whether the native library is loaded (loading it now if not yet tried). */
    public static boolean isLoaded() {
        return status().loaded();
    }

    /** The library's state, loading it now if that has not been tried. */
    public static NativeStatus status() {
        NativeStatus s = status;
        if (s == null) {
            synchronized (NativeLibrary.class) {
                if (!attempted) {
                    attempted = true;
                    status = load();
                }
                s = status;
            }
        }
        return s;
    }

    /** Tries once to load the library; the outcome, success or not, is the status for good. */
    private static NativeStatus load() {
        if (disabledByUser()) {
            return new NativeStatus(false, true, Optional.empty(), Optional.empty(), Optional.empty(),
                    List.of(), Optional.empty(), Optional.empty());
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return failed("no native build for " + os + "/" + arch);
        }
        Path file;
        try (InputStream in = NativeLibrary.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return failed("library resource " + RESOURCE + " is missing from the classpath");
            }
            file = Files.createTempFile("libveilkernels-", ".so");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            return failed("could not extract the library: " + e.getMessage());
        }
        try {
            System.load(file.toAbsolutePath().toString());
            String version = NativeKernels.libraryVersion();
            int features = NativeKernels.cpuFeatures();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < FEATURE_NAMES.length; i++) {
                if ((features & (1 << i)) != 0) {
                    names.add(FEATURE_NAMES[i]);
                }
            }
            return new NativeStatus(true, false, Optional.empty(), Optional.of(file.toString()),
                    Optional.of(version), List.copyOf(names),
                    Optional.of(NativeKernels.isaName(NativeKernels.isaSupported())),
                    Optional.of(NativeKernels.isaName(NativeKernels.isaActive())));
        } catch (UnsatisfiedLinkError | SecurityException e) {
            return failed("could not load " + file + ": " + e.getMessage());
        }
    }

    private static NativeStatus failed(String why) {
        LOG.log(Level.WARNING, "Veilgrid native kernels unavailable (" + why + "); using the Java twin");
        return new NativeStatus(false, false, Optional.of(why), Optional.empty(), Optional.empty(),
                List.of(), Optional.empty(), Optional.empty());
    }

    /** The best ISA level this CPU runs, or -1 when the library is not loaded. */
    static int supportedIsa() {
        return isLoaded() ? NativeKernels.isaSupported() : -1;
    }

    /**
     * Caps the native code path (0 portable, 1 AVX2, 2 AVX-512, 3 AVX-512 IFMA) for tests and
     * benchmarks that compare paths; returns the level now active. Process-wide.
     */
    static int setIsa(int level) {
        if (!isLoaded()) {
            throw new IllegalStateException("native library is not loaded");
        }
        return NativeKernels.isaSet(level);
    }

    /**
     * Selects the native code path by name ("portable", "avx2", "avx512", "avx512ifma"), capped
     * to what the CPU supports, and returns the name of the path now active. Process-wide: meant
     * for benchmarks and diagnostics that compare paths.
     *
     * @throws KernelArgumentException for an unknown name
     * @throws IllegalStateException if the library is not loaded
     */
    public static String selectIsa(String name) {
        for (int level = NativeKernels.ISA_PORTABLE; level <= NativeKernels.ISA_AVX512IFMA; level++) {
            if (NativeKernels.isaName(level).equals(name)) {
                return NativeKernels.isaName(setIsa(level));
            }
        }
        throw new KernelArgumentException("unknown ISA '" + name + "'; expected portable, avx2, avx512 or avx512ifma");
    }

    /** Names the code path in use, e.g. "avx512ifma", or empty when the library is not loaded. */
    public static Optional<String> activeIsa() {
        return isLoaded() ? Optional.of(NativeKernels.isaName(NativeKernels.isaActive())) : Optional.empty();
    }
}
