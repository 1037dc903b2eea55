package org.veilgrid.kernels;

/** Which implementation a {@link Kernels} instance runs. */
public enum Backend {
    /** The pure-Java twin: runs everywhere, defines nothing the native code does not also do. */
    JAVA,
    /** C through JNI, with runtime-dispatched SIMD. */
    NATIVE
}
