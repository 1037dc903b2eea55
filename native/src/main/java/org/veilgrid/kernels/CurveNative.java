package org.veilgrid.kernels;

/**
 * The JNI surface of the curve kernels (jni_curve.c). Package-private and unchecked: only
 * {@link CurveKernels} calls it, after validating every argument.
 */
final class CurveNative {
    private CurveNative() {
    }

    /** out[0..20) = Σ s_i·P_i, Pippenger, variable time (public scalars only). */
    static native void msmVartime(byte[] scalars, long[] points, int n, long[] out);

    /** out[0..20) = Σ s_i·P_i, Straus with masked table lookups, constant time in the scalars. */
    static native void msmConstTime(byte[] scalars, long[] points, int n, long[] out);
}
