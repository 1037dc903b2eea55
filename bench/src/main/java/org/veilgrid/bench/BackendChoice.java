package org.veilgrid.bench;

import org.veilgrid.kernels.Kernels;
import org.veilgrid.kernels.NativeLibrary;

/** Maps a JMH {@code backend} parameter ("java", "native", or "native-ISA") to kernels. */
final class BackendChoice {
    private BackendChoice() {
    }

    static Kernels kernels(String backend) {
        if (backend.equals("java")) {
            return Kernels.java();
        }
        Kernels k = Kernels.nativeKernels().orElseThrow(() -> new IllegalStateException(
                "native kernels requested but not loaded: " + NativeLibrary.status().failure().orElse("disabled")));
        if (backend.startsWith("native-")) {
            String isa = backend.substring("native-".length());
            String got = NativeLibrary.selectIsa(isa);
            if (!got.equals(isa)) {
                throw new IllegalStateException("this CPU cannot run " + isa + " (best: " + got + ")");
            }
        } else if (!backend.equals("native")) {
            throw new IllegalArgumentException("backend must be java, native or native-<isa>: " + backend);
        }
        return k;
    }
}
