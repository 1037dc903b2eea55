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

    /** Fills table (640 longs per point) with the odd multiples P..63P of each point, cached form. */
    static native void fixedTable(long[] points, int n, long[] table);

    /** out = Σ f_i·B_i (table) + Σ s_j·P_j, Straus with wNAF digits, variable time. */
    static native void msmTable(long[] table, byte[] fixedScalars, int nFixed, byte[] varScalars, long[] varPoints,
                                int nVar, long[] out);

    /** Ristretto255 decoding of in[off..off+32) into out[0..20); false if not a canonical encoding. */
    static native boolean ristrettoDecode(byte[] in, int off, long[] out);

    /** The canonical Ristretto255 encoding of a packed point into out[off..off+32). */
    static native void ristrettoEncode(long[] point, byte[] out, int off);
}
