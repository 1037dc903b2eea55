package org.veilgrid.kernels;

import java.util.ArrayList;
import java.util.List;

/**
 * One code path to test: the Java twin, or the native library capped at one ISA level. Tests
 * run every path this machine has, so the AVX2 path is checked on an AVX-512 machine too.
 */
final class KernelPath {
    final String name;
    private final int isa; // -1 for Java

    private KernelPath(String name, int isa) {
        this.name = name;
        this.isa = isa;
    }

    /** Selects this path (process-wide for native) and returns its kernels. */
    Kernels activate() {
        if (isa < 0) {
            return Kernels.java();
        }
        int set = NativeLibrary.setIsa(isa);
        if (set != isa) {
            throw new AssertionError("could not select ISA " + isa + ", got " + set);
        }
        return Kernels.nativeKernels().orElseThrow();
    }

    boolean isNative() {
        return isa >= 0;
    }

    /** Restores the native library's best path after a test that changed it. */
    static void restoreBest() {
        if (NativeLibrary.isLoaded()) {
            NativeLibrary.setIsa(NativeLibrary.supportedIsa());
        }
    }

    static List<KernelPath> all() {
        List<KernelPath> paths = new ArrayList<>();
        paths.add(new KernelPath("java", -1));
        paths.addAll(nativeOnly());
        return paths;
    }

    static List<KernelPath> nativeOnly() {
        List<KernelPath> paths = new ArrayList<>();
        if (NativeLibrary.isLoaded()) {
            for (int level = 0; level <= NativeLibrary.supportedIsa(); level++) {
                paths.add(new KernelPath("native " + NativeKernels.isaName(level), level));
            }
        }
        return paths;
    }

    @Override
    public String toString() {
        return name;
    }
}
