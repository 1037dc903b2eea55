package org.veilgrid.kernels;

import java.util.List;
import java.util.Optional;

/**
 * What {@code veil doctor} reports about the native library: whether it loaded, from where,
 * which CPU features it saw and which code path it runs.
 *
 * @param loaded        whether libveilkernels is loaded and in use
 * @param disabledByUser whether VEIL_NATIVE=off (or -Dveil.native=off) forced the Java twin
 * @param failure       why it did not load, if it did not and was not disabled
 * @param libraryPath   the file it was loaded from (a copy extracted from the jar)
 * @param version       the library's version string
 * @param cpuFeatures   CPU features the library detected (avx2, avx512f, avx512ifma, ...)
 * @param supportedIsa  the best code path this CPU can run
 * @param activeIsa     the code path in use (VEIL_NATIVE_ISA can cap it)
 */
public record NativeStatus(boolean loaded, boolean disabledByUser, Optional<String> failure,
                           Optional<String> libraryPath, Optional<String> version,
                           List<String> cpuFeatures, Optional<String> supportedIsa,
                           Optional<String> activeIsa) {
}
